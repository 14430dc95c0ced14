"""Schemathesis, in-process against the schema: no 5xx, and no response the schema does not describe.

Every operation is called with generated parameters and bodies (valid and invalid), anonymously and with
an editor's token, on BRICS and the SCO as loaded from the fixtures.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import make_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def one_connection() -> Iterator[None]:
    """Calls go straight to the WSGI application, which would close the test's database connection
    after each request (Django's test client avoids the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded through the application itself (no database is needed to build the schema).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def data(brics_and_sco, db, one_connection) -> None:
    """BRICS and the SCO, and the WSGI application kept on the test's connection."""


@pytest.fixture
def editor_token(data) -> str:
    editor = make_user("editor", "add_membership", "change_membership", "delete_membership")
    return Token.objects.create(user=editor).key


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_calls_get_answers_the_schema_describes(case, data):
    response = case.call()

    case.validate_response(response, checks=CHECKS)


@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_an_editors_writes_get_answers_the_schema_describes(case, editor_token):
    response = case.call(headers={"Authorization": f"Token {editor_token}"})

    case.validate_response(response, checks=CHECKS)
