"""Anonymous clients are throttled at API_ANON_RATE (DJANGO_API_ANON_RATE) with a clear 429."""

import pytest

from tests.api.conftest import token_client


@pytest.mark.django_db
class TestAnonymousThrottle:
    def test_the_request_over_the_rate_is_429_with_retry_after(self, api, settings, bloc):
        settings.API_ANON_RATE = "3/minute"
        for _ in range(3):
            assert api.get("/api/v1/organisations/").status_code == 200

        response = api.get("/api/v1/organisations/")

        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert response.json()["detail"].startswith("Too many requests without a token. Try again in ")
        assert "authenticate with a token" in response.json()["detail"]

    def test_a_client_with_a_token_is_not_throttled(self, settings, bloc, reader):
        settings.API_ANON_RATE = "3/minute"
        client = token_client(reader)

        statuses = {client.get("/api/v1/organisations/").status_code for _ in range(5)}

        assert statuses == {200}

    def test_an_empty_rate_means_no_limit(self, api, settings, bloc):
        settings.API_ANON_RATE = None

        assert {api.get("/api/v1/organisations/").status_code for _ in range(5)} == {200}

    def test_a_csv_request_over_the_rate_gets_a_json_429(self, api, settings, bloc):
        settings.API_ANON_RATE = "1/minute"
        api.get("/api/v1/organisations/?format=csv")

        response = api.get("/api/v1/organisations/?format=csv")

        assert response.status_code == 429
        assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
class TestForwardedFor:
    def test_a_forged_x_forwarded_for_does_not_escape_the_rate(self, api, settings, bloc):
        settings.API_ANON_RATE = "3/minute"

        statuses = [
            api.get("/api/v1/organisations/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(5)
        ]

        assert statuses == [200, 200, 200, 429, 429]

    def test_behind_one_trusted_proxy_the_client_address_it_adds_is_counted(self, api, settings, bloc):
        settings.API_ANON_RATE = "2/minute"
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

        first = [
            api.get("/api/v1/organisations/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
            for _ in range(3)
        ]
        other = api.get("/api/v1/organisations/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code

        assert (first, other) == ([200, 200, 429], 200)
