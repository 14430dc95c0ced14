"""Staff can log in and see every model."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw-123-abc")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["organisation", "organisationname", "member", "membership", "source"])
def test_every_changelist_renders_for_staff(staff_client, model):
    assert staff_client.get(f"/admin/blocs/{model}/").status_code == 200


@pytest.mark.django_db
def test_the_admin_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/admin/blocs/membership/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
