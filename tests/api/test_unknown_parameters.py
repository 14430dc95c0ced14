"""An unknown query parameter is a 400 naming it and listing those the endpoint reads: a typo must never
quietly answer another question."""

import json

import pytest

from tests.api.conftest import body


@pytest.mark.django_db
class TestUnknownParameters:
    @pytest.mark.parametrize(
        ("path", "unknown", "accepted"),
        [
            ("/api/v1/organisations/bloc/members/?onn=2024-01-01", "onn", "on"),
            ("/api/v1/organisations/bloc/members/?disputed=false", "disputed", "status"),
            ("/api/v1/organisations/bloc/changes/?form=2020-01-01", "form", "from"),
            ("/api/v1/organisations/bloc/timeline/?statuses=member", "statuses", "status"),
            ("/api/v1/organisations/?knd=economic_bloc", "knd", "kind"),
            ("/api/v1/organisations/bloc/?on=2024-01-01", "on", "recorded_at"),
            ("/api/v1/members/IND/memberships/?date=2024-01-01", "date", "on"),
            ("/api/v1/memberships/?organisations=bloc", "organisations", "organisation"),
            ("/api/v1/memberships/?limits=10", "limits", "limit"),
            ("/api/v1/changes/?too=2024-01-01", "too", "to"),
            ("/api/v1/comembership/?member=IND", "member", "members"),
            ("/api/v1/exports/igo-year.csv?year=2000", "year", "from"),
            ("/api/v1/exports/datapackage.zip?dyad=true", "dyad", "dyad_year"),
        ],
    )
    def test_is_a_400_naming_it_and_listing_the_known_ones(self, api, bloc, india, path, unknown, accepted):
        response = api.get(path)

        assert response.status_code == 400, response.content[:300]
        message = json.loads(body(response))[unknown][0]
        assert message.startswith("Unknown parameter.")
        assert accepted in message.split(": ", 1)[1].rstrip(".").split(", ")

    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/organisations/bloc/members/?on=2024-01-01&status=member&format=json",
            "/api/v1/memberships/?organisation=bloc&limit=10&offset=0&ordering=start_date",
            "/api/v1/organisations/bloc/?format=json",
            "/api/v1/exports/igo-year.csv?from=2000&to=2001&organisation=bloc",
        ],
    )
    def test_known_parameters_pass(self, api, bloc, india, path):
        assert api.get(path).status_code == 200
