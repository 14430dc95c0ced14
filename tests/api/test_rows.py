"""The snapshot's rows, made from .values() for speed, are exactly what the serializers would make."""

import json
from datetime import date

import pytest
from rest_framework.renderers import JSONRenderer

from blocs.api.rows import spell_rows
from blocs.api.serializers import MemberMembershipRowSerializer, SnapshotRowSerializer
from blocs.models import Member, Membership, Organisation, Source
from tests.factories import spell


def as_json(data) -> list:
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def spells(bloc, india, iran):
    spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer", end_reason="status_changed")
    spell(bloc, india, date(2017, 6, 9), start_precision="day")
    spell(
        bloc,
        iran,
        date(2024, 1, 1),
        disputed=True,
        dispute_note="Contested.",
        sources=[
            {
                "url": "https://example.org/b",
                "publisher": "B",
                "published_on": date(2024, 1, 2),
                "quote": "q",
            },
            {"url": "https://example.org/a", "publisher": "A", "accessed_on": date(2024, 3, 1)},
            {
                "url": "https://example.org/c",
                "publisher": "C",
                "published_on": date(2023, 12, 1),
                "stance": "contradicts",
            },
        ],
    )
    return Membership.objects.order_by("member__name", "start_date", "pk")


@pytest.mark.django_db
class TestRowsMatchTheSerializers:
    def test_an_organisations_snapshot_rows(self, spells):
        made = spell_rows(spells, Source.objects.all(), Member.objects.all(), party="member")

        serialized = SnapshotRowSerializer(
            spells.select_related("member").prefetch_related("sources"), many=True
        ).data

        assert as_json(made) == as_json(serialized)
        assert len(made) == 3

    def test_a_members_rows(self, spells):
        made = spell_rows(spells, Source.objects.all(), Organisation.objects.all(), party="organisation")

        serialized = MemberMembershipRowSerializer(
            spells.select_related("organisation").prefetch_related("sources"), many=True
        ).data

        assert as_json(made) == as_json(serialized)

    def test_no_spells_make_no_rows_and_ask_nothing_of_the_sources(self, db, django_assert_num_queries):
        with django_assert_num_queries(1):
            assert (
                spell_rows(
                    Membership.objects.all(), Source.objects.all(), Member.objects.all(), party="member"
                )
                == []
            )
