"""`reading=` on the endpoints that answer "held on D": the snapshot, a member's organisations, the spells
list, co-membership and organisations by member; `likely` by default."""

from datetime import date

import pytest

from tests.factories import spell


@pytest.mark.django_db
class TestTheApiReadsThreeWays:
    def test_the_snapshot_takes_a_reading_and_refuses_an_unknown_one(self, api, bloc, india, iran):
        spell(bloc, india, date(2024, 1, 1))
        spell(bloc, iran, date(2024, 1, 1), disputed=True, dispute_note="It never confirmed joining.")
        url = "/api/v1/organisations/bloc/members/"

        def codes(reading: str | None) -> list[str]:
            params = {"on": "2024-06-01", **({"reading": reading} if reading else {})}
            return sorted(row["member"]["code"] for row in api.get(url, params).json())

        assert codes(None) == codes("likely") == ["IND"]
        assert codes("possible") == ["IND", "IRN"]
        response = api.get(url, {"reading": "maybe"})
        assert response.status_code == 400
        assert "Unknown reading" in response.json()["reading"][0]

    def test_comembership_and_a_members_organisations_take_it_too(self, api, bloc, india):
        spell(bloc, india, date(2024, 1, 1), disputed=True, dispute_note="Contested.")

        for path, params in (
            ("/api/v1/members/IND/memberships/", {}),
            ("/api/v1/comembership/", {"members": "IND"}),
            ("/api/v1/organisations/", {"member": "IND"}),
            ("/api/v1/memberships/", {"organisation": "bloc"}),
        ):
            likely = api.get(path, {**params, "on": "2024-06-01"})
            possible = api.get(path, {**params, "on": "2024-06-01", "reading": "possible"})
            assert (likely.status_code, possible.status_code) == (200, 200), path
            rows = [response.json() for response in (likely, possible)]
            rows = [page["results"] if isinstance(page, dict) else page for page in rows]
            assert [len(found) for found in rows] == [0, 1], path


@pytest.mark.django_db
class TestTheTimelineReadsThreeWays:
    def test_each_reading_counts_from_its_own_dates(self, api, bloc, india, iran):
        spell(bloc, india, date(2010, 1, 1), start_latest=date(2010, 6, 30))  # a start the sources range
        spell(bloc, iran, date(2012, 1, 1), disputed=True, dispute_note="It never confirmed joining.")
        url = "/api/v1/organisations/bloc/timeline/"

        def points(reading: str) -> list[tuple[str, int]]:
            answer = api.get(url, {"from": "2009-01-01", "to": "2013-01-01", "reading": reading}).json()
            return [(point["date"], point["member_count"]) for point in answer]

        assert points("likely") == [("2009-01-01", 0), ("2010-01-01", 1)]
        assert points("certain") == [("2009-01-01", 0), ("2010-06-30", 1)]
        assert points("possible") == [("2009-01-01", 0), ("2010-01-01", 1), ("2012-01-01", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations/bloc/members/",
        "/api/v1/organisations/bloc/timeline/",
        "/api/v1/members/IND/memberships/",
        "/api/v1/memberships/?on=2024-01-01",
        "/api/v1/comembership/?members=IND",
        "/api/v1/organisations/?member=IND",
    ],
)
def test_an_unknown_reading_is_a_400_naming_it_on_every_endpoint(api, bloc, india, path):
    separator = "&" if "?" in path else "?"

    response = api.get(f"{path}{separator}reading=probable")

    assert response.status_code == 400
    assert response.json()["reading"] == ["Unknown reading: probable. Known: certain, likely, possible."]
