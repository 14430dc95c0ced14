"""Input no view can read is refused before any view runs, on every door: a NUL character anywhere in the
query string or the path (PostgreSQL cannot compare text with one), and empty sort keys."""

from datetime import date

import pytest

from tests.factories import spell


@pytest.mark.django_db
class TestNulCharacters:
    @pytest.mark.parametrize(
        ("path", "parameter"),
        [
            ("/api/v1/organisations/?q=%00", "q"),
            ("/api/v1/members/?q=ab%00c", "q"),
            ("/api/v1/memberships/?organisation=%00", "organisation"),
            ("/api/v1/organisations/bloc/members/?on=2024%0001", "on"),
            ("/api/v1/exports/igo-year.csv?organisation=%00", "organisation"),
        ],
    )
    def test_the_api_answers_a_400_naming_the_parameter(self, client, bloc, path, parameter):
        response = client.get(path)

        assert response.status_code == 400
        assert response.json() == {parameter: ["Null characters are not allowed."]}

    def test_a_path_with_one_names_nothing(self, client, bloc):
        assert client.get("/members/IN%00D/").status_code == 404
        assert client.get("/api/v1/organisations/bl%00oc/members/").status_code == 404

    @pytest.mark.parametrize("path", ["/?q=%00", "/organisations/bloc/?on=%00", "/members/IND/?q%00=1"])
    def test_the_pages_answer_a_400_page(self, client, bloc, india, path):
        response = client.get(path)

        assert response.status_code == 400
        assert "Null characters are not allowed." in response.content.decode()
        assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", [",", ",,,"])
def test_empty_sort_keys_keep_the_default_order(client, bloc, india, ordering):
    spell(bloc, india, date(2017, 6, 9))

    response = client.get("/api/v1/memberships/", {"ordering": ordering})

    assert response.status_code == 200
    assert [row["member"] for row in response.json()["results"]] == ["IND"]
