"""The private behaviour "as recorded at T" rests on, pinned: an upgrade of django-simple-history or Django
that changes it fails here, by name, before it shows as a wrong answer somewhere in the API.

- simple-history: a history queryset carries its moment in `_as_of` through every clone (filter, exclude,
  `latest_of_each`, order_by, values), and `_as_instances = False` keeps `as_of()` rows as records.
- Django: a queryset whose `_result_cache` is filled and `_prefetch_done` set, put in an instance's
  `_prefetched_objects_cache` under a reverse accessor, answers `instance.<accessor>.all()` with no query
  (`blocs.recorded._attach_many`).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blocs.models import Membership, Organisation, OrganisationName, Source
from blocs.querysets import as_recorded
from blocs.recorded import as_instances
from tests.factories import spell


@pytest.mark.django_db
class TestSimpleHistory:
    def test_the_moment_survives_every_clone(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))
        at = timezone.now()

        records = as_recorded(Membership, at)

        for clone in (
            records.filter(status="member"),
            records.exclude(status="observer"),
            records.order_by("start_date"),
            records.latest_of_each(),
            records.values("id"),
        ):
            assert clone._as_of == at

    def test_as_of_with_as_instances_off_gives_records(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        records = Membership.history.as_of(timezone.now())

        assert type(records.get(id=membership.pk)) is Membership  # as_of() gives instances by default
        records._as_instances = False
        record = records.get(id=membership.pk)
        assert type(record) is not Membership
        assert (record.history_type, record.instance.pk) == ("+", membership.pk)

    def test_latest_of_each_keeps_one_record_per_row(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        membership.notes = "changed"
        membership.save()

        assert list(as_recorded(Membership, None).values_list("id", "notes")) == [(membership.pk, "changed")]

    def test_history_querysets_read_other_tables_at_the_same_moment(self, bloc, india):
        OrganisationName.objects.create(
            organisation=bloc, name="Old Bloc", start_date=date(2000, 1, 1), end_date=date(2001, 1, 1)
        )
        at = timezone.now()
        OrganisationName.objects.all().delete()

        assert list(as_recorded(Organisation, at).search("Old Bloc").values_list("slug", flat=True)) == [
            "bloc"
        ]
        assert list(as_recorded(Organisation, None).search("Old Bloc")) == []


@pytest.mark.django_db
class TestDjangoPrefetchCache:
    def test_a_filled_prefetch_cache_answers_without_a_query(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        Source.objects.create(membership=membership, url="https://example.org/later", publisher="P")
        at = timezone.now()
        (recorded,) = as_instances(as_recorded(Membership, at), at, today=date(2026, 1, 1))

        with CaptureQueriesContext(connection) as queries:
            urls = [source.url for source in recorded.sources.all()]

        assert "https://example.org/later" in urls
        assert len(queries) == 0
