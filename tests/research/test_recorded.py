"""As recorded at T: the database as it stood at a past moment, from the history tables."""

from datetime import date

import pytest
from django.utils import timezone

from blocs.files import json_bytes
from blocs.models import Membership, Source
from blocs.recorded import Snapshot, memberships_as_recorded
from blocs.research.year_table_files import YearTableExport
from blocs.research.year_tables import year_table
from blocs.services import membership_change_status
from tests.factories import MemberFactory, OrganisationFactory, spell


def moment_after_last_change():
    return Membership.history.latest().history_date


@pytest.mark.django_db
class TestMembershipsAsRecorded:
    def test_history_answers_active_on_as_recorded(self, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        recorded = moment_after_last_change()
        spell(bloc, iran, date(2024, 1, 1))

        then = Membership.history.as_of(recorded).active_on(date(2024, 6, 1))

        assert [spell.member_id for spell in then] == [india.pk]
        assert Membership.objects.active_on(date(2024, 6, 1)).count() == 2

    def test_a_deleted_spell_is_still_there_as_recorded_before_the_deletion(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        recorded = moment_after_last_change()
        membership.delete()

        assert memberships_as_recorded(recorded).active_on(date(2020, 1, 1)).count() == 1

    def test_changes_as_recorded_compare_spells_of_the_same_moment(self, bloc, india):
        observer = spell(bloc, india, date(2005, 7, 5), status="observer")
        recorded = moment_after_last_change()
        membership_change_status(membership=observer, status="member", on_date=date(2017, 6, 9))

        then = memberships_as_recorded(recorded).changes(date(2017, 1, 1), date(2017, 12, 31))
        now = Membership.objects.changes(date(2017, 1, 1), date(2017, 12, 31))

        assert then == []
        assert [change.kind for change in now] == ["status_changed"]

    def test_changes_work_on_simple_historys_as_of_too(self, bloc, india):
        observer = spell(bloc, india, date(2005, 7, 5), status="observer")
        membership_change_status(membership=observer, status="member", on_date=date(2017, 6, 9))
        recorded = moment_after_last_change()

        changes = Membership.history.as_of(recorded).changes(date(2017, 1, 1), date(2017, 12, 31))

        assert [(change.kind, change.previous_status) for change in changes] == [
            ("status_changed", "observer")
        ]


@pytest.mark.django_db
class TestExportsAsRecorded:
    def test_an_export_comes_back_byte_for_byte_after_changes_deletions_and_additions(self):
        forum = OrganisationFactory(
            slug="forum", acronym="FORUM", name="The Forum", founded_on=date(2001, 6, 15)
        )
        india, china, russia = (MemberFactory(code=code) for code in ("IND", "CHN", "RUS"))
        india_spell = spell(forum, india, date(2001, 6, 15), status="observer")
        china_spell = spell(forum, china, date(2001, 6, 15))
        first = {}
        for table in ("state-year", "igo-year", "dyad-year"):
            request = year_table(table, now=timezone.now(), first_year="1990", last_year="2024")
            export = YearTableExport(request)
            first[table] = (
                request.recorded_at,
                b"".join(export.csv_chunks()),
                json_bytes(export.descriptor()),
            )

        membership_change_status(membership=india_spell, status="member", on_date=date(2017, 6, 9))
        china_spell.delete()
        spell(forum, russia, date(2001, 6, 15))
        forum.name = "The Renamed Forum"
        forum.save()

        for table, (recorded_at, csv_bytes, descriptor) in first.items():
            request = year_table(
                table,
                now=timezone.now(),
                first_year="1990",
                last_year="2024",
                recorded_at=recorded_at.isoformat(),
            )
            again = YearTableExport(request)
            live = YearTableExport(year_table(table, now=timezone.now(), first_year="1990", last_year="2024"))
            assert b"".join(again.csv_chunks()) == csv_bytes
            assert json_bytes(again.descriptor()) == descriptor
            assert b"".join(live.csv_chunks()) != csv_bytes

    def test_the_metadata_say_when_the_data_were_recorded_and_their_version(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))
        last_change = Source.history.latest().history_date  # the spell's source is recorded last
        request = year_table("state-year", now=timezone.now(), first_year="2017", last_year="2017")

        metadata = YearTableExport(request).descriptor()["blocs"]

        assert metadata["recorded_at"] == request.recorded_at.isoformat()
        assert metadata["data_version"] == last_change.isoformat()
        assert metadata["rule"] == "any"

    def test_a_snapshot_holds_what_was_recorded_before_it_and_nothing_after(self, bloc, india):
        before = timezone.now()
        spell(bloc, india, date(2017, 6, 9))

        snapshot = Snapshot(before)

        assert (snapshot.organisations().count(), snapshot.memberships().count()) == (1, 0)
