"""The time rules against a plain-Python oracle, over random sets of spells (hypothesis)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from blocs.choices import family_of
from blocs.models import Membership
from tests.factories import MemberFactory, OrganisationFactory, spell

ORIGIN = date(2000, 1, 1)
STATUSES = ["member", "observer", "suspended", "applicant", "candidate"]

# A spell: (member index, status, first day offset, length in days or None for open-ended).
spells_strategy = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(STATUSES),
        st.integers(0, 40),
        st.one_of(st.none(), st.integers(1, 15)),
    ),
    max_size=8,
)


def oracle_applies(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day < end)


def oracle_overlaps(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    far = date.max
    return a[0] < (b[1] or far) and b[0] < (a[1] or far)


class TestAgainstOracle(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(candidates=spells_strategy, probes=st.lists(st.integers(-2, 60), max_size=6))
    def test_accepts_rejects_and_answers_like_the_oracle(self, candidates, probes):
        bloc = OrganisationFactory(slug="bloc")
        members = [MemberFactory(code="AAA"), MemberFactory(code="BBB")]
        accepted: list[tuple[int, str, date, date | None]] = []

        for index, status, offset, length in candidates:
            start = ORIGIN + timedelta(days=offset)
            end = None if length is None else start + timedelta(days=length)
            expected_ok = not any(
                other_index == index
                and family_of(other_status) == family_of(status)
                and oracle_overlaps((start, end), (other_start, other_end))
                for other_index, other_status, other_start, other_end in accepted
            )
            try:
                spell(bloc, members[index], start, end, status=status)
                ok = True
            except ValidationError:
                ok = False
            assert ok == expected_ok, (index, status, start, end, accepted)
            if ok:
                accepted.append((index, status, start, end))

        for offset in probes:
            day = ORIGIN + timedelta(days=offset)
            expected = sorted(
                (members[i].code, s, st_) for i, s, st_, en in accepted if oracle_applies(st_, en, day)
            )
            got = sorted(
                Membership.objects.active_on(day).values_list("member__code", "status", "start_date")
            )
            assert got == expected, day

        for first_offset, last_offset in zip(probes, probes[1:], strict=False):
            first = ORIGIN + timedelta(days=min(first_offset, last_offset))
            last = ORIGIN + timedelta(days=max(first_offset, last_offset))
            expected = sorted(
                (members[i].code, s, st_)
                for i, s, st_, en in accepted
                if any(
                    oracle_applies(st_, en, first + timedelta(days=n)) for n in range((last - first).days + 1)
                )
            )
            got = sorted(
                Membership.objects.active_during(first, last).values_list(
                    "member__code", "status", "start_date"
                )
            )
            assert got == expected, (first, last)
