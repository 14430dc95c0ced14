"""The data version goes up with every write to a tracked table, in that write's transaction."""

from datetime import date

import pytest
from django.db import transaction

from blocs import versions
from blocs.models import OrganisationName
from tests.factories import MemberFactory, OrganisationFactory, spell


@pytest.mark.django_db
class TestDataVersion:
    def test_a_new_spell_with_its_source_counts_two_writes(self, bloc, india):
        before = versions.current().number

        spell(bloc, india, date(2017, 6, 9))

        assert versions.current().number == before + 2

    @pytest.mark.parametrize(
        "write",
        [
            lambda: OrganisationFactory(slug="new"),
            lambda: MemberFactory(code="NEW"),
            lambda: OrganisationName.objects.create(
                organisation=OrganisationFactory(slug="named"), name="Old", end_date=date(2000, 1, 1)
            ),
        ],
    )
    def test_every_tracked_model_counts(self, db, write):
        before = versions.current().number

        write()

        assert versions.current().number > before

    def test_an_update_and_a_delete_count(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        before = versions.current().number

        membership.notes = "Astana"
        membership.save()
        membership.delete()  # and its source with it

        assert versions.current().number == before + 3

    def test_reading_changes_nothing(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))
        before = versions.current()

        list(bloc.memberships.active_on(date(2020, 1, 1)))

        assert versions.current() == before

    def test_a_rolled_back_write_leaves_the_version_as_it_was(self, bloc, india):
        before = versions.current()

        with pytest.raises(RuntimeError), transaction.atomic():
            spell(bloc, india, date(2017, 6, 9))
            raise RuntimeError("abandon")

        assert versions.current() == before

    def test_records_when_the_data_last_changed(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        assert versions.current().changed_at is not None

    def test_the_row_comes_back_if_it_was_removed(self, bloc, india):
        from blocs.models import DataVersion

        DataVersion.objects.all().delete()

        spell(bloc, india, date(2017, 6, 9))

        assert versions.current().number == 2
