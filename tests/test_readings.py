"""The three readings of "held on D" (certain, likely, possible) against a plain-Python oracle, over random
spells with date ranges and disputes (hypothesis); certain ⊆ likely ⊆ possible on every one."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from blocs.choices import Reading
from blocs.models import Membership
from tests.factories import MemberFactory, OrganisationFactory, spell

ORIGIN = date(2000, 1, 1)

# A spell: start offset, days its start may lie before / after that, length (None: open), days its end
# may lie before / after its end, disputed.
spell_strategy = st.tuples(
    st.integers(0, 30),
    st.integers(0, 5),
    st.integers(0, 5),
    st.one_of(st.none(), st.integers(6, 20)),
    st.integers(0, 5),
    st.integers(0, 5),
    st.booleans(),
)


def oracle(spell_: dict, day: date, reading: str) -> bool:
    if reading != Reading.POSSIBLE and spell_["disputed"]:
        return False
    start, end = {
        Reading.CERTAIN: (spell_["start_latest"], spell_["end_earliest"]),
        Reading.LIKELY: (spell_["start_date"], spell_["end_date"]),
        Reading.POSSIBLE: (spell_["start_earliest"], spell_["end_latest"]),
    }[reading]
    return start <= day and (spell_["end_date"] is None or day < end)


class TestReadingsAgainstOracle(TestCase):
    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(candidates=st.lists(spell_strategy, min_size=1, max_size=6), probes=st.lists(st.integers(-3, 60)))
    def test_each_reading_answers_like_the_oracle_and_they_nest(self, candidates, probes):
        bloc = OrganisationFactory(slug="bloc")
        made = []
        for index, (offset, before, after, length, end_before, end_after, disputed) in enumerate(candidates):
            start = ORIGIN + timedelta(days=offset)
            end = None if length is None else start + timedelta(days=length)
            fields = {
                "start_date": start,
                "start_earliest": start - timedelta(days=before),
                "start_latest": start + timedelta(days=after),
                "end_date": end,
                "end_earliest": None if end is None else end - timedelta(days=end_before),
                "end_latest": None if end is None else end + timedelta(days=end_after),
                "disputed": disputed,
            }
            spell(
                bloc,
                MemberFactory(code=f"M{index:02d}"),
                start,
                end,
                disputed=disputed,
                dispute_note="sources disagree" if disputed else "",
                **{key: value for key, value in fields.items() if key.endswith(("earliest", "latest"))},
            )
            made.append({"code": f"M{index:02d}", **fields})

        for offset in [*probes, 0, 15, 40]:
            day = ORIGIN + timedelta(days=offset)
            answers = {}
            for reading in Reading.values:
                expected = {row["code"] for row in made if oracle(row, day, reading)}
                got = set(Membership.objects.held_on(day, reading).values_list("member__code", flat=True))
                assert got == expected, (reading, day)
                answers[reading] = got
            assert answers["certain"] <= answers["likely"] <= answers["possible"], day


@pytest.mark.django_db
class TestOneSpellReadThreeWays:
    """Belarus as an SCO dialogue partner, the shape of the real case: the sources give its start as
    June 2009 or April 2010."""

    def test_the_start_range_is_possible_likely_then_certain(self, bloc, india):
        spell(
            bloc,
            india,
            date(2009, 6, 16),
            date(2015, 7, 10),
            status="dialogue_partner",
            start_earliest=date(2009, 6, 16),
            start_latest=date(2010, 4, 28),
        )

        def held(day: date) -> list[str]:
            return [r for r in Reading.values if Membership.objects.held_on(day, r).exists()]

        assert held(date(2009, 6, 15)) == []
        assert held(date(2009, 9, 1)) == ["likely", "possible"]
        assert held(date(2010, 4, 28)) == ["certain", "likely", "possible"]
        assert held(date(2015, 7, 10)) == []

    def test_a_disputed_spell_is_only_possible(self, bloc, india):
        spell(bloc, india, date(2024, 1, 1), disputed=True, dispute_note="It never confirmed joining.")

        assert not Membership.objects.held_on(date(2024, 6, 1), "likely").exists()
        assert not Membership.objects.held_on(date(2024, 6, 1), "certain").exists()
        assert Membership.objects.held_on(date(2024, 6, 1), "possible").exists()

    def test_a_month_precision_start_is_certain_from_the_months_last_day(self, bloc, india):
        spell(bloc, india, date(2014, 9, 1), start_precision="month")

        assert Membership.objects.held_on(date(2014, 9, 1), "likely").exists()
        assert not Membership.objects.held_on(date(2014, 9, 29), "certain").exists()
        assert Membership.objects.held_on(date(2014, 9, 30), "certain").exists()
