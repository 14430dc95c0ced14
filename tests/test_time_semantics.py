"""Half-open intervals: a spell applies on its start date and not on its end date."""

from datetime import date

import pytest

from blocs.models import Membership
from tests.factories import MemberFactory, spell


@pytest.mark.django_db
class TestActiveOn:
    def test_includes_the_start_date(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.active_on(date(2017, 6, 9)).count() == 1

    def test_excludes_the_day_before_the_start(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.active_on(date(2017, 6, 8)).count() == 0

    def test_excludes_the_end_date(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        assert Membership.objects.active_on(date(2017, 6, 9)).count() == 0

    def test_includes_the_day_before_the_end(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        assert Membership.objects.active_on(date(2017, 6, 8)).count() == 1

    def test_open_ended_spell_runs_on_indefinitely(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.active_on(date(2999, 12, 31)).count() == 1

    def test_a_status_change_shares_one_date(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2017, 6, 9))

        before = Membership.objects.active_on(date(2017, 6, 8)).get()
        after = Membership.objects.active_on(date(2017, 6, 9)).get()

        assert (before.status, after.status) == ("observer", "member")

    def test_a_spell_ending_at_midnight_is_over_that_day(self, bloc, india):
        # Left at 23:00 on 31 January 2020: the end date is 1 February.
        spell(bloc, india, date(1973, 1, 1), date(2020, 2, 1), end_reason="withdrew")

        assert Membership.objects.active_on(date(2020, 1, 31)).exists()
        assert not Membership.objects.active_on(date(2020, 2, 1)).exists()

    def test_works_on_the_last_representable_day(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.active_on(date.max).count() == 1


@pytest.mark.django_db
class TestActiveDuring:
    def test_a_window_ending_on_the_start_date_includes_the_spell(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.active_during(date(2017, 1, 1), date(2017, 6, 9)).exists()

    def test_a_window_ending_the_day_before_the_start_excludes_it(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert not Membership.objects.active_during(date(2017, 1, 1), date(2017, 6, 8)).exists()

    def test_a_window_starting_on_the_end_date_excludes_the_spell(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        assert not Membership.objects.active_during(date(2017, 6, 9), date(2018, 1, 1)).exists()

    def test_a_window_starting_the_day_before_the_end_includes_it(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        assert Membership.objects.active_during(date(2017, 6, 8), date(2018, 1, 1)).exists()

    def test_a_one_day_window_equals_active_on(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        for day in (date(2005, 7, 4), date(2005, 7, 5), date(2017, 6, 8), date(2017, 6, 9)):
            assert set(Membership.objects.active_during(day, day)) == set(Membership.objects.active_on(day))


@pytest.mark.django_db
class TestOngoing:
    def test_includes_a_spell_with_a_future_end_date(self, bloc, india):
        # A withdrawal announced for next year: the spell still goes on today.
        spell(bloc, india, date(2000, 1, 1), date(2027, 1, 22), end_reason="withdrew")

        assert Membership.objects.ongoing(date(2026, 11, 28)).exists()

    def test_excludes_a_spell_that_ended_on_that_day(self, bloc, india):
        spell(bloc, india, date(2000, 1, 1), date(2026, 11, 28), end_reason="withdrew")

        assert not Membership.objects.ongoing(date(2026, 11, 28)).exists()


@pytest.mark.django_db
class TestChanges:
    def test_a_first_spell_is_a_join(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        (change,) = Membership.objects.changes(date(2017, 1, 1), date(2017, 12, 31))

        assert (change.day, change.kind) == (date(2017, 6, 9), "joined")

    def test_a_successor_on_the_end_date_is_a_status_change_not_a_departure(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2017, 6, 9))

        (change,) = Membership.objects.changes(date(2017, 1, 1), date(2017, 12, 31))

        assert (change.kind, change.previous_status, change.status) == (
            "status_changed",
            "observer",
            "member",
        )

    def test_a_successor_in_another_family_does_not_make_a_status_change(self, bloc, india):
        spell(bloc, india, date(2015, 7, 10), date(2017, 6, 9), status="applicant")
        spell(bloc, india, date(2017, 6, 9))

        changes = Membership.objects.changes(date(2017, 1, 1), date(2017, 12, 31))

        assert [(c.kind, c.status) for c in changes] == [
            ("left", "applicant"),
            ("joined", "member"),
        ]

    def test_an_end_without_successor_is_a_departure(self, bloc, india):
        spell(bloc, india, date(1973, 1, 1), date(2020, 2, 1), end_reason="withdrew")

        (change,) = Membership.objects.changes(date(2020, 1, 1), date(2020, 12, 31))

        assert (change.day, change.kind) == (date(2020, 2, 1), "left")

    def test_the_window_is_inclusive_at_both_ends(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9), date(2020, 2, 1), end_reason="withdrew")

        assert len(Membership.objects.changes(date(2017, 6, 9), date(2020, 2, 1))) == 2
        assert Membership.objects.changes(date(2017, 6, 10), date(2020, 1, 31)) == []

    def test_changes_come_in_date_order(self, bloc, india, iran):
        spell(bloc, iran, date(2023, 7, 4))
        spell(bloc, india, date(2017, 6, 9))

        changes = Membership.objects.changes(date(2000, 1, 1), date(2025, 1, 1))

        assert [c.day for c in changes] == [date(2017, 6, 9), date(2023, 7, 4)]

    def test_changes_cost_one_query(self, bloc, django_assert_num_queries):
        for number in range(5):
            spell(bloc, MemberFactory(), date(2001 + number, 1, 1), date(2010, 1, 1))

        with django_assert_num_queries(1):
            changes = Membership.objects.changes(date(2000, 1, 1), date(2020, 1, 1))
            [(c.membership.member.code, c.membership.organisation.slug) for c in changes]


@pytest.mark.django_db
class TestTimeline:
    def test_counts_members_after_every_change_date(self, bloc, india, iran):
        spell(bloc, india, date(2017, 6, 9))
        spell(bloc, iran, date(2023, 7, 4), date(2024, 1, 1), end_reason="withdrew")

        points = Membership.objects.filter(organisation=bloc).timeline(date(2017, 1, 1), date(2025, 1, 1))

        assert points == [
            (date(2017, 1, 1), 0),
            (date(2017, 6, 9), 1),
            (date(2023, 7, 4), 2),
            (date(2024, 1, 1), 1),
        ]

    def test_a_member_with_two_statuses_counts_once(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2015, 7, 10), date(2017, 6, 9), status="applicant")

        points = Membership.objects.timeline(date(2016, 1, 1), date(2016, 1, 1))

        assert points == [(date(2016, 1, 1), 1)]
