"""The curated fixtures: every one loads under every constraint, sourced, and says what matters."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.db import transaction

from blocs.bootstrap import BootstrapError, LoadReport, bootstrap, fixture_paths, load_fixtures
from blocs.models import Member, Membership, Organisation, Source
from tests.conftest import load_reference_data


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker) -> Iterator[LoadReport]:
    """Every fixture file, loaded once for this module through bootstrap, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = bootstrap()
        yield report
        transaction.set_rollback(True)


def members_on(slug: str, day: date, status: str = "member") -> set[str]:
    return set(
        Membership.objects.filter(organisation__slug=slug, status=status)
        .active_on(day)
        .values_list("member__code", flat=True)
    )


@pytest.mark.django_db
class TestEveryFixture:
    def test_loads_under_every_constraint(self, reference_data):
        assert reference_data.created["memberships"] == Membership.objects.count()
        assert {path.stem for path in fixture_paths()} <= set(
            Organisation.objects.values_list("slug", flat=True)
        )

    def test_a_second_bootstrap_changes_nothing(self, reference_data):
        history_rows = Membership.history.count() + Source.history.count()

        report = bootstrap()

        assert report.changed == 0
        assert Membership.history.count() + Source.history.count() == history_rows

    def test_every_spell_has_a_source_with_url_publisher_and_date(self, reference_data):
        unsourced = Membership.objects.exclude(
            sources__url__gt="",
            sources__publisher__gt="",
            sources__published_on__isnull=False,
        ).exclude(sources__url__gt="", sources__publisher__gt="", sources__accessed_on__isnull=False)

        assert list(unsourced) == []

    def test_every_disputed_spell_says_who_disputes_it(self, reference_data):
        assert not Membership.objects.filter(disputed=True, dispute_note="").exists()

    def test_a_source_that_contradicts_a_spell_marks_a_dispute_or_a_note(self, reference_data):
        contradicted = Membership.objects.filter(sources__stance="contradicts").distinct()

        assert all(spell.disputed or spell.notes for spell in contradicted)

    def test_every_spell_is_recorded_in_history(self, reference_data):
        assert Membership.history.filter(history_type="+").count() == Membership.objects.count()


@pytest.mark.django_db
class TestBrics:
    def test_the_four_founders_before_south_africa(self, reference_data):
        assert members_on("brics", date(2010, 12, 22)) == {"BRA", "RUS", "IND", "CHN"}

    def test_south_africa_from_december_2010(self, reference_data):
        assert members_on("brics", date(2011, 1, 1)) == {"BRA", "RUS", "IND", "CHN", "ZAF"}

    def test_members_on_1_january_2024(self, reference_data):
        members = members_on("brics", date(2024, 1, 1))

        assert members == {"BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE", "SAU"}

    def test_saudi_arabias_membership_is_disputed_with_a_contradicting_source(self, reference_data):
        saudi = Membership.objects.get(organisation__slug="brics", member__code="SAU", status="member")

        assert saudi.disputed
        assert saudi.sources.filter(stance="contradicts").exists()

    def test_the_2024_entrants_were_invited_first(self, reference_data):
        invited = members_on("brics", date(2023, 12, 1), status="invited")

        assert {"EGY", "ETH", "IRN", "ARE", "SAU", "ARG"} <= invited

    def test_argentina_declined_and_never_joined(self, reference_data):
        argentina = Membership.objects.filter(organisation__slug="brics", member__code="ARG")

        assert list(argentina.values_list("status", "end_reason")) == [("invited", "declined")]

    def test_indonesia_a_member_from_6_january_2025(self, reference_data):
        assert "IDN" not in members_on("brics", date(2025, 1, 5))
        assert "IDN" in members_on("brics", date(2025, 1, 6))

    def test_the_first_partner_countries_from_1_january_2025(self, reference_data):
        partners = members_on("brics", date(2025, 1, 1), status="partner")

        assert {"BLR", "BOL", "KAZ", "CUB", "MYS", "THA", "UGA", "UZB"} <= partners
        assert "NGA" not in partners
        assert "NGA" in members_on("brics", date(2025, 1, 17), status="partner")

    def test_the_name_was_bric_before_south_africa(self, reference_data):
        brics = Organisation.objects.get(slug="brics")

        assert brics.former_names.get(acronym="BRIC").end_date == date(2010, 12, 23)


@pytest.mark.django_db
class TestSco:
    def test_six_members_on_8_june_2017(self, reference_data):
        assert members_on("sco", date(2017, 6, 8)) == {"CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB"}

    def test_eight_members_on_9_june_2017(self, reference_data):
        assert members_on("sco", date(2017, 6, 9)) == {
            "CHN",
            "RUS",
            "KAZ",
            "KGZ",
            "TJK",
            "UZB",
            "IND",
            "PAK",
        }

    def test_india_observer_until_the_day_it_became_a_member(self, reference_data):
        india = Membership.objects.filter(organisation__slug="sco", member__code="IND")

        observer = india.get(status="observer")
        member = india.get(status="member")

        assert observer.end_date == member.start_date == date(2017, 6, 9)

    def test_indias_observer_and_accession_spells_overlap(self, reference_data):
        day = date(2016, 1, 1)
        india = Membership.objects.filter(organisation__slug="sco", member__code="IND")

        assert {spell.family for spell in india.active_on(day)} == {"standing", "accession"}

    def test_iran_and_belarus_joined_later(self, reference_data):
        assert "IRN" in members_on("sco", date(2023, 7, 4)) - members_on("sco", date(2023, 7, 3))
        assert "BLR" in members_on("sco", date(2024, 7, 4)) - members_on("sco", date(2024, 7, 3))

    def test_the_shanghai_five_is_the_predecessor(self, reference_data):
        sco = Organisation.objects.get(slug="sco")

        assert sco.predecessor.slug == "shanghai-five"
        assert members_on("shanghai-five", date(1996, 4, 26)) == {"CHN", "RUS", "KAZ", "KGZ", "TJK"}

    def test_observers_and_dialogue_partners_became_partners(self, reference_data):
        before = members_on("sco", date(2025, 8, 31), status="observer") | members_on(
            "sco", date(2025, 8, 31), status="dialogue_partner"
        )

        assert before <= members_on("sco", date(2025, 9, 1), status="partner")


@pytest.mark.django_db
class TestOtherBlocs:
    def test_the_united_kingdom_left_the_eu_on_1_february_2020(self, reference_data):
        assert "GBR" in members_on("eu", date(2020, 1, 31))
        assert "GBR" not in members_on("eu", date(2020, 2, 1))

    def test_russia_suspended_from_the_g8(self, reference_data):
        assert "RUS" in members_on("g7", date(2014, 3, 24), status="suspended")

    def test_the_eu_and_the_african_union_are_g20_members(self, reference_data):
        members = members_on("g20", date(2024, 1, 1))

        assert {"EU", "AU"} <= members
        assert Member.objects.get(code="AU").organisation.slug == "au"

    def test_timor_leste_joined_asean(self, reference_data):
        assert "TLS" in members_on("asean", date(2026, 1, 1))

    def test_sweden_joined_nato_on_7_march_2024(self, reference_data):
        assert "SWE" not in members_on("nato", date(2024, 3, 6))
        assert "SWE" in members_on("nato", date(2024, 3, 7))


@pytest.mark.django_db
class TestBadFixtures:
    def write(self, folder: Path, name: str, entries: list[dict]) -> Path:
        path = folder / name
        path.write_text(yaml.safe_dump(entries), encoding="utf-8")
        return path

    def organisation(self) -> dict:
        return {
            "model": "blocs.organisation",
            "fields": {"slug": "bad", "acronym": "BAD", "name": "Bad", "kind": "other"},
        }

    def spell(self, member: str, start: str) -> dict:
        return {
            "model": "blocs.membership",
            "fields": {
                "organisation": ["bad"],
                "member": [member],
                "status": "member",
                "start_date": start,
            },
        }

    def test_an_overlap_names_the_file_the_row_and_the_collision_and_writes_nothing(self, tmp_path):
        load_reference_data()
        path = self.write(
            tmp_path,
            "bad.yaml",
            [self.organisation(), self.spell("IRN", "2024-01-01"), self.spell("IRN", "2024-06-01")],
        )

        with pytest.raises(BootstrapError) as error:
            bootstrap(paths=[path])

        assert "bad.yaml" in str(error.value)
        assert "Iran already holds member status in BAD from 2024-01-01" in str(error.value)
        assert not Organisation.objects.filter(slug="bad").exists()

    def test_an_unknown_member_code_is_named(self, tmp_path):
        load_reference_data()
        path = self.write(tmp_path, "bad.yaml", [self.organisation(), self.spell("ZZZ", "2024-01-01")])

        with pytest.raises(BootstrapError, match=r"no member \['ZZZ'\]"):
            load_fixtures([path], LoadReport())

    def test_a_file_that_is_not_yaml_is_named(self, tmp_path):
        path = tmp_path / "broken.yaml"
        path.write_text("- model: [unclosed", encoding="utf-8")

        with pytest.raises(BootstrapError, match="broken.yaml: not valid YAML"):
            load_fixtures([path], LoadReport())

    def test_an_unknown_model_is_named(self, tmp_path):
        path = self.write(tmp_path, "odd.yaml", [{"model": "auth.user", "fields": {}}])

        with pytest.raises(BootstrapError, match="unknown model"):
            load_fixtures([path], LoadReport())


def held(slug: str, code: str, status: str, day: date) -> list[str]:
    """The readings in which the member held the status on that day."""
    spells = Membership.objects.filter(organisation__slug=slug, member__code=code, status=status)
    return [reading for reading in ("certain", "likely", "possible") if spells.held_on(day, reading).exists()]


@pytest.mark.django_db
class TestWhereTheSourcesDisagree:
    """The cases where a doubt about one date or one stretch once made a whole spell doubtful: each is now
    a date range or a split, read three ways."""

    @pytest.mark.parametrize(
        ("slug", "code", "status", "day", "readings"),
        [
            # Afghanistan, SCO observer from 2012: undisputed to the Taliban takeover, disputed after.
            ("sco", "AFG", "observer", date(2015, 1, 1), ["certain", "likely", "possible"]),
            ("sco", "AFG", "observer", date(2023, 1, 1), ["possible"]),
            # Belarus, SCO dialogue partner from June 2009 or April 2010.
            ("sco", "BLR", "dialogue_partner", date(2009, 9, 1), ["likely", "possible"]),
            ("sco", "BLR", "dialogue_partner", date(2012, 1, 1), ["certain", "likely", "possible"]),
            # South Africa in the G20: the doubt is from December 2025 only.
            ("g20", "ZAF", "member", date(2010, 1, 1), ["certain", "likely", "possible"]),
            ("g20", "ZAF", "member", date(2026, 6, 1), ["possible"]),
            # Ecuador's return to OPEC: October or November 2007.
            ("opec", "ECU", "member", date(2007, 11, 1), ["likely", "possible"]),
            ("opec", "ECU", "member", date(2008, 6, 1), ["certain", "likely", "possible"]),
            # Moldova, EAEU observer: April 2017 or May 2018.
            ("eaeu", "MDA", "observer", date(2017, 10, 1), ["possible"]),
            ("eaeu", "MDA", "observer", date(2020, 1, 1), ["certain", "likely", "possible"]),
            # Iceland, EU candidate to March-May 2015; whether its application lives on is disputed.
            ("eu", "ISL", "candidate", date(2012, 1, 1), ["certain", "likely", "possible"]),
            ("eu", "ISL", "candidate", date(2015, 4, 1), ["possible"]),
            ("eu", "ISL", "applicant", date(2020, 1, 1), ["possible"]),
            # Bolivia, Mercosur associate from 1994, 1996 or 1998.
            ("mercosur", "BOL", "associate", date(1995, 1, 1), ["possible"]),
            ("mercosur", "BOL", "associate", date(1997, 1, 1), ["likely", "possible"]),
            ("mercosur", "BOL", "associate", date(2000, 1, 1), ["certain", "likely", "possible"]),
            # Papua New Guinea, ASEAN observer from 1976 to 1986 at the latest.
            ("asean", "PNG", "observer", date(1980, 1, 1), ["likely", "possible"]),
            ("asean", "PNG", "observer", date(1990, 1, 1), ["certain", "likely", "possible"]),
            # Timor-Leste, ASEAN observer from 2002 or 2022, then a member from 2025-10-26.
            ("asean", "TLS", "observer", date(2010, 1, 1), ["possible"]),
            ("asean", "TLS", "observer", date(2024, 1, 1), ["certain", "likely", "possible"]),
            ("asean", "TLS", "member", date(2026, 1, 1), ["certain", "likely", "possible"]),
        ],
    )
    def test_each_reading(self, reference_data, slug, code, status, day, readings):
        assert held(slug, code, status, day) == readings

    def test_a_split_spell_is_one_status_in_the_changes(self, reference_data):
        changes = Membership.objects.filter(organisation__slug="sco", member__code="AFG").changes(
            date(2012, 1, 1), date(2026, 1, 1)
        )

        assert [(c.day, c.kind, c.membership.status) for c in changes] == [
            (date(2012, 6, 7), "joined", "observer"),
            (date(2025, 9, 1), "status_changed", "partner"),
        ]

    def test_disputed_means_the_status_itself_is_in_doubt(self, reference_data):
        saudi = Membership.objects.get(organisation__slug="brics", member__code="SAU", status="member")

        assert saudi.disputed
        assert held("brics", "SAU", "member", date(2025, 1, 1)) == ["possible"]
