"""Year rules: which days decide a year's code, and which code wins when several spells touch a year."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from blocs.models import Membership
from blocs.querysets import year_window, years_touched
from tests.factories import MemberFactory, OrganisationFactory, spell


class TestYearWindow:
    def test_any_looks_at_the_whole_year(self):
        assert year_window(2017, "any") == (date(2017, 1, 1), date(2018, 1, 1))

    def test_end_looks_at_31_december(self):
        assert year_window(2017, "end") == (date(2017, 12, 31), date(2018, 1, 1))

    def test_start_looks_at_1_january(self):
        assert year_window(2017, "start") == (date(2017, 1, 1), date(2017, 1, 2))

    def test_an_unknown_rule_is_refused(self):
        with pytest.raises(ValueError, match="unknown year rule 'middle'"):
            year_window(2017, "middle")


class TestYearsTouched:
    def test_any_counts_the_years_of_the_start_and_of_the_last_day(self):
        assert list(years_touched(date(2005, 7, 5), date(2017, 6, 9), "any", 1816, 2025)) == list(
            range(2005, 2018)
        )

    def test_an_end_on_1_january_does_not_touch_that_year(self):
        assert list(years_touched(date(2005, 1, 1), date(2008, 1, 1), "any", 1816, 2025)) == [
            2005,
            2006,
            2007,
        ]

    def test_end_rule_skips_a_year_left_before_31_december(self):
        assert list(years_touched(date(2005, 7, 5), date(2017, 6, 9), "end", 1816, 2025)) == list(
            range(2005, 2017)
        )

    def test_start_rule_skips_a_year_joined_after_1_january(self):
        assert list(years_touched(date(2005, 7, 5), date(2017, 6, 9), "start", 1816, 2025)) == list(
            range(2006, 2018)
        )

    def test_an_open_ended_spell_runs_to_the_last_year_asked(self):
        assert list(years_touched(date(2017, 6, 9), None, "any", 1816, 2025))[-1] == 2025

    def test_a_spell_within_one_year_touches_no_year_under_the_start_rule(self):
        assert list(years_touched(date(2005, 3, 1), date(2005, 9, 1), "start", 1816, 2025)) == []


class TestYearsTouchedAgainstTheQueryset(TestCase):
    """`years_touched` must agree, year by year, with `MembershipQuerySet.overlapping` (intersecting_q)."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        offset=st.integers(0, 3 * 366),
        length=st.one_of(st.none(), st.integers(1, 800)),
        rule=st.sampled_from(["any", "end", "start"]),
    )
    def test_every_year_matches_the_overlap_rule(self, offset, length, rule):
        start = date(2000, 1, 1) + timedelta(days=offset)
        end = None if length is None else start + timedelta(days=length)
        membership = spell(OrganisationFactory(slug="bloc"), MemberFactory(code="AAA"), start, end)
        spells = Membership.objects.filter(pk=membership.pk)

        touched = set(years_touched(start, end, rule, 1999, 2006))

        expected = {
            year for year in range(1999, 2007) if spells.overlapping(*year_window(year, rule)).exists()
        }
        assert touched == expected


@pytest.mark.django_db
class TestYearCodes:
    def test_member_beats_observer_in_a_year_of_change_under_any(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2017, 6, 9))

        codes = Membership.objects.year_codes(2016, 2018, "any")

        assert codes[(bloc.pk, india.pk)] == {2016: 3, 2017: 1, 2018: 1}

    def test_start_rule_reads_1_january(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2017, 6, 9))

        codes = Membership.objects.year_codes(2016, 2018, "start")

        assert codes[(bloc.pk, india.pk)] == {2016: 3, 2017: 3, 2018: 1}

    def test_end_rule_reads_31_december(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(bloc, india, date(2017, 6, 9), date(2018, 12, 31))

        codes = Membership.objects.year_codes(2016, 2018, "end")

        assert codes[(bloc.pk, india.pk)] == {2016: 3, 2017: 1}

    def test_associate_is_two_and_unknown_is_minus_nine(self, bloc, india, iran):
        spell(bloc, india, date(2001, 1, 1), date(2002, 1, 1), status="associate")
        spell(bloc, iran, date(2001, 1, 1), date(2002, 1, 1), status="unknown")

        codes = Membership.objects.year_codes(2001, 2001, "any")

        assert (codes[(bloc.pk, india.pk)], codes[(bloc.pk, iran.pk)]) == ({2001: 2}, {2001: -9})

    def test_a_suspended_member_is_still_a_full_member(self, bloc, india):
        spell(bloc, india, date(2001, 1, 1), date(2003, 1, 1), status="suspended")

        assert Membership.objects.year_codes(2002, 2002, "any") == {(bloc.pk, india.pk): {2002: 1}}

    def test_statuses_without_a_cow_code_make_no_code(self, bloc, india):
        spell(bloc, india, date(2001, 1, 1), date(2003, 1, 1), status="partner")
        spell(bloc, india, date(2001, 1, 1), date(2003, 1, 1), status="candidate")

        assert Membership.objects.year_codes(2001, 2002, "any") == {}

    def test_a_known_status_beats_unknown_in_the_same_year(self, bloc, india):
        spell(bloc, india, date(2001, 1, 1), date(2001, 7, 1), status="unknown")
        spell(bloc, india, date(2001, 7, 1), date(2002, 1, 1), status="observer")

        assert Membership.objects.year_codes(2001, 2001, "any") == {(bloc.pk, india.pk): {2001: 3}}
