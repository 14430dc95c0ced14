"""`recorded_at`: every read endpoint answers as the database stood at a past moment."""

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from blocs import services
from blocs.models import Member, Membership, Organisation, OrganisationName, Source
from tests.api.conftest import body, token_client
from tests.factories import MemberFactory, OrganisationFactory, spell

# Every read endpoint, in JSON and CSV where it has a list.
READS = [
    "/api/v1/organisations/",
    "/api/v1/organisations/?q=old",
    "/api/v1/organisations/?member=IND&on=2020-01-01",
    "/api/v1/organisations/brics/",
    "/api/v1/organisations/brics/members/?on=2020-01-01",
    "/api/v1/organisations/brics/members/?on=2020-01-01&status=member,observer&format=csv",
    "/api/v1/organisations/brics/changes/",
    "/api/v1/organisations/brics/changes/?format=csv",
    "/api/v1/organisations/brics/timeline/?from=2000-01-01&to=2024-01-01",
    "/api/v1/members/",
    "/api/v1/members/?q=india&format=csv",
    "/api/v1/members/IND/",
    "/api/v1/members/IND/memberships/?on=2020-01-01",
    "/api/v1/members/IRN/memberships/?on=2020-01-01&status=observer&format=csv",
    "/api/v1/memberships/",
    "/api/v1/memberships/?format=csv",
    "/api/v1/memberships/?organisation=brics&status=member,observer&ordering=-start_date",
    "/api/v1/changes/?from=2000-01-01&to=2024-12-31",
    "/api/v1/changes/?format=csv",
    "/api/v1/comembership/?members=IND,CHN&on=2020-01-01",
]


def with_moment(path: str, moment) -> str:
    return path + ("&" if "?" in path else "?") + "recorded_at=" + quote(moment.isoformat())


@pytest.fixture
def world(db):
    brics = OrganisationFactory(slug="brics", acronym="BRICS", name="BRICS")
    OrganisationName.objects.create(
        organisation=brics,
        name="Old BRIC",
        acronym="BRIC",
        start_date=date(2006, 9, 20),
        end_date=date(2010, 12, 23),
    )
    sco = OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")
    india = MemberFactory(code="IND", name="India")
    china = MemberFactory(code="CHN", name="China")
    iran = MemberFactory(code="IRN", name="Iran")
    spells = {
        "india": spell(brics, india, date(2006, 9, 20)),
        "china": spell(brics, china, date(2006, 9, 20)),
        "iran": spell(brics, iran, date(2015, 1, 1), date(2024, 1, 1), status="observer"),
        "india-sco": spell(sco, india, date(2005, 7, 5), date(2017, 6, 9), status="observer"),
    }
    return {"brics": brics, "sco": sco, "india": india, "iran": iran, "spells": spells}


def change_everything(world) -> None:
    """Edits of every kind after the moment recorded: update, status change, delete, add, rename."""
    spells = world["spells"]
    services.membership_change_status(
        membership=spells["india-sco"], status="member", on_date=date(2010, 1, 1)
    )
    spells["china"].delete()
    spell(world["brics"], world["iran"], date(2024, 1, 1))
    world["brics"].name = "BRICS+"
    world["brics"].save()
    world["india"].name = "Republic of India"
    world["india"].save()
    source = Source.objects.filter(membership=spells["india"]).first()
    source.publisher = "Somebody else"
    source.save()
    OrganisationName.objects.filter(organisation=world["brics"]).first().delete()
    MemberFactory(code="BRA", name="Brazil")
    new = OrganisationFactory(slug="new", acronym="NEW", name="A new bloc")
    spell(new, world["india"], date(2000, 1, 1))


@pytest.mark.django_db
class TestEveryReadAsRecorded:
    def test_every_read_gives_back_its_first_answer_byte_for_byte(self, api, world):
        before = {}
        for path in READS:
            response = api.get(path)
            assert response.status_code == 200, (path, response.content)
            before[path] = body(response)
        moment = timezone.now()

        change_everything(world)

        changed = [path for path in READS if body(api.get(path)) != before[path]]
        assert len(changed) >= len(READS) - 2, "the edits change (almost) every answer"
        for path in READS:
            response = api.get(with_moment(path, moment))
            assert response.status_code == 200, (path, response.content)
            assert body(response) == before[path], path

    def test_a_spell_deleted_since_is_found_by_its_id_as_recorded(self, api, world):
        china = world["spells"]["china"]
        spell_id = china.pk
        moment = timezone.now()
        china.delete()

        gone = api.get(f"/api/v1/memberships/{spell_id}/")
        assert gone.status_code == 404
        assert gone.json()["detail"] == f"No membership has the id '{spell_id}'."
        response = api.get(with_moment(f"/api/v1/memberships/{spell_id}/", moment))
        assert response.status_code == 200
        assert response.json()["member"] == "CHN"

    def test_before_a_row_existed_it_is_not_there(self, api, world):
        moment = timezone.now()
        OrganisationFactory(slug="later", acronym="LATER")

        assert api.get("/api/v1/organisations/later/").status_code == 200
        response = api.get(with_moment("/api/v1/organisations/later/", moment))
        assert response.status_code == 404
        assert "later" in response.json()["detail"]

    def test_a_moment_before_any_data_gives_empty_lists(self, api, world):
        moment = Membership.history.earliest().history_date - timedelta(seconds=1)

        assert api.get(with_moment("/api/v1/memberships/", moment)).json()["results"] == []
        assert api.get(with_moment("/api/v1/members/", moment)).json() == []

    def test_recorded_answers_have_their_own_etag(self, api, world):
        moment = timezone.now()
        now = api.get("/api/v1/organisations/brics/members/")
        then = api.get(with_moment("/api/v1/organisations/brics/members/", moment))

        assert now["ETag"] != then["ETag"]
        again = api.get(
            with_moment("/api/v1/organisations/brics/members/", moment), HTTP_IF_NONE_MATCH=then["ETag"]
        )
        assert again.status_code == 304


@pytest.mark.django_db
class TestBadMoments:
    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("yesterday", "is not an ISO 8601 date and time"),
            ("2024-13-01T00:00:00Z", "is not an ISO 8601 date and time"),
            ("9999-01-01T00:00:00Z", "is in the future"),
        ],
    )
    @pytest.mark.parametrize("path", ["/api/v1/organisations/", "/api/v1/organisations/brics/members/"])
    def test_a_bad_moment_is_a_400_naming_recorded_at(self, api, world, path, value, message):
        response = api.get(path, {"recorded_at": value})

        assert response.status_code == 400
        assert message in response.json()["recorded_at"][0]

    def test_a_moment_out_of_range_in_utc_is_a_400(self, api, world):
        response = api.get("/api/v1/memberships/", {"recorded_at": "0001-01-01T00:00:00+05:00"})

        assert response.status_code == 400
        assert "out of range" in response.json()["recorded_at"][0]

    @pytest.mark.parametrize("path", ["/api/v1/memberships/", "/api/v1/exports/datapackage.zip"])
    def test_any_offset_python_reads_is_taken_in_utc(self, api, world, path):
        # PostgreSQL refuses offsets beyond 15:59; the moment is converted to UTC before any query.
        response = api.get(path, {"recorded_at": "2024-06-14T22:46:51-20:14"})

        assert response.status_code == 200

    def test_a_write_cannot_be_made_in_the_past(self, world, superuser):
        client = token_client(superuser)
        spell_id = world["spells"]["india"].pk
        moment = quote(timezone.now().isoformat())

        response = client.delete(f"/api/v1/memberships/{spell_id}/?recorded_at={moment}")

        assert response.status_code == 400
        assert "recorded_at" in response.json()
        assert Membership.objects.filter(pk=spell_id).exists()
        assert Member.objects.count() == 3 and Organisation.objects.count() == 2
