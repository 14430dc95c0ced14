"""The database unreachable: the API answers 503 JSON with Retry-After and the pages a 503 page, never a
500 or a traceback; when the database is back, the next request is answered, without a restart
(connection health checks). The connection is pointed at a port where no server listens, then back."""

import socket
from datetime import date

import pytest
from django.db import connection

from tests.conftest import requires_postgres
from tests.factories import MemberFactory, OrganisationFactory, spell


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # released at once: nothing listens there


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_an_outage_is_a_503_and_the_app_recovers_on_its_own(client, settings):
    settings.API_ANON_RATE = None
    spell(OrganisationFactory(slug="bloc"), MemberFactory(code="IND"), date(2017, 6, 9))
    port = connection.settings_dict["PORT"]
    assert client.get("/api/v1/organisations/bloc/members/?on=2020-01-01").status_code == 200

    connection.close()
    connection.settings_dict["PORT"] = str(closed_port())
    try:
        api = client.get("/api/v1/organisations/bloc/members/?on=2020-01-01")
        download = client.get("/api/v1/exports/igo-year.csv?from=2000&to=2001")
        page = client.get("/organisations/bloc/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert (api.status_code, api["Retry-After"]) == (503, "5")
    assert "cannot answer now" in api.json()["detail"]
    assert (download.status_code, page.status_code) == (503, 503)
    assert "Traceback" not in page.content.decode() and "cannot answer now" in page.content.decode()
    assert client.get("/api/v1/organisations/bloc/members/?on=2020-01-01").status_code == 200
