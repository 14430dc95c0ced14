"""Signing in to the admin: after DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one username from one
address, that pair is refused even with the right password, until the cool-off (django-axes)."""

import pytest
from django.contrib.auth import get_user_model

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("editor-y", "e@example.org", "right-pw-123")


def sign_in(client, password: str, username: str = "editor-y"):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
class TestLockout:
    def test_the_right_password_works_before_the_limit(self, client, staff, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "wrong").status_code == 200

        assert sign_in(client, "right-pw-123").status_code == 302

    def test_after_the_limit_even_the_right_password_is_refused(self, client, staff, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong")

        response = sign_in(client, "right-pw-123")

        assert response.status_code == 429
        assert "Signing in is paused" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_another_username_from_the_same_address_is_not_locked_out(self, client, staff, settings):
        get_user_model().objects.create_superuser("editor-z", "z@example.org", "other-pw-123")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "wrong")

        assert sign_in(client, "other-pw-123", username="editor-z").status_code == 302
