"""Integrity in the database and in validation: clear errors, never a DataError or a 500."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from blocs.constraints import sqlite_trigger_names
from blocs.models import Membership, Source
from blocs.services import membership_change_status, membership_end
from tests.conftest import requires_sqlite
from tests.factories import OrganisationFactory, spell


def raw_membership(bloc, member, start, end=None, status="member") -> Membership:
    """A spell saved without validation: only the database stands in the way."""
    return Membership.objects.create(
        organisation=bloc, member=member, status=status, start_date=start, end_date=end
    )


@pytest.mark.django_db
class TestNoOverlap:
    def test_adjacent_spells_are_accepted(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        spell(bloc, india, date(2017, 6, 9))

        assert Membership.objects.filter(member=india).count() == 2

    def test_an_overlapping_spell_is_rejected_naming_the_collision(self, bloc, iran):
        spell(bloc, iran, date(2024, 1, 1))

        with pytest.raises(ValidationError) as error:
            spell(bloc, iran, date(2024, 6, 1))

        assert "Iran already holds member status in BLOC from 2024-01-01" in str(error.value)

    def test_the_message_names_a_collision_of_another_status_in_the_family(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2017, 6, 8))

        assert "observer status in BLOC from 2005-07-05 until 2017-06-09" in str(error.value)

    def test_observer_and_applicant_may_overlap(self, bloc, india):
        spell(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        spell(bloc, india, date(2015, 7, 10), date(2017, 6, 9), status="applicant")

        assert Membership.objects.filter(member=india).count() == 2

    def test_two_accession_statuses_may_not_overlap(self, bloc, india):
        spell(bloc, india, date(2015, 7, 10), status="applicant")

        with pytest.raises(ValidationError):
            spell(bloc, india, date(2016, 6, 24), status="candidate")

    def test_the_same_member_in_another_organisation_is_no_collision(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        spell(OrganisationFactory(), india, date(2017, 6, 9))

        assert Membership.objects.filter(member=india).count() == 2

    def test_an_open_ended_spell_collides_with_any_later_spell(self, bloc, india):
        spell(bloc, india, date(2017, 6, 9))

        with pytest.raises(ValidationError):
            spell(bloc, india, date(2090, 1, 1), date(2091, 1, 1), status="suspended")

    def test_the_database_rejects_an_overlapping_insert(self, bloc, india):
        raw_membership(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            raw_membership(bloc, india, date(2018, 1, 1), status="suspended")

    def test_the_database_accepts_an_adjacent_insert(self, bloc, india):
        raw_membership(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")

        raw_membership(bloc, india, date(2017, 6, 9))

        assert Membership.objects.count() == 2

    def test_the_database_rejects_an_overlapping_update(self, bloc, india):
        raw_membership(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        member = raw_membership(bloc, india, date(2017, 6, 9))
        member.start_date = date(2017, 6, 1)

        with pytest.raises(IntegrityError), transaction.atomic():
            member.save()

    def test_the_database_rejects_an_overlap_made_by_queryset_update(self, bloc, india):
        raw_membership(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        raw_membership(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(status="observer").update(end_date=None)

    def test_a_queryset_update_that_keeps_spells_apart_is_accepted(self, bloc, india):
        raw_membership(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        raw_membership(bloc, india, date(2017, 6, 9))

        Membership.objects.filter(status="observer").update(
            end_date=date(2017, 1, 1), end_earliest=date(2017, 1, 1), end_latest=date(2017, 1, 1)
        )

        assert Membership.objects.get(status="observer").end_date == date(2017, 1, 1)

    def test_the_database_rejects_a_family_change_into_an_overlap(self, bloc, india):
        raw_membership(bloc, india, date(2005, 7, 5), date(2017, 6, 9), status="observer")
        applicant = raw_membership(bloc, india, date(2015, 7, 10), date(2017, 6, 9), "applicant")

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(pk=applicant.pk).update(status="partner")


@pytest.mark.django_db
class TestEndAfterStart:
    def test_an_end_before_the_start_is_a_validation_error_on_end_date(self, bloc, india):
        # On PostgreSQL the exclusion constraint's own check would build daterange(end < start)
        # and raise DataError: the rule is checked first, and keyed on end_date.
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2017, 6, 9), date(2017, 1, 1))

        assert list(error.value.message_dict) == ["end_date"]

    def test_an_end_on_the_start_date_is_rejected(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2017, 6, 9), date(2017, 6, 9))

        assert "must be after the start date" in str(error.value)

    def test_the_database_rejects_an_end_before_the_start(self, bloc, india):
        with pytest.raises(IntegrityError), transaction.atomic():
            raw_membership(bloc, india, date(2017, 6, 9), date(2017, 1, 1))


@pytest.mark.django_db
class TestChoicesInTheDatabase:
    def test_an_unknown_status_is_rejected_by_the_database(self, bloc, india):
        raw_membership(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.update(status="overlord")

    def test_an_unknown_precision_is_rejected_by_the_database(self, bloc, india):
        raw_membership(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.update(start_precision="week")

    def test_an_end_reason_on_an_ongoing_spell_is_rejected_by_the_database(self, bloc, india):
        raw_membership(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.update(end_reason="withdrew")

    def test_an_unknown_source_stance_is_rejected_by_the_database(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(membership=membership).update(stance="maybe")


@pytest.mark.django_db
class TestValidationRules:
    def test_a_month_precision_date_must_be_the_first(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2023, 5, 6), start_precision="month")

        assert error.value.message_dict["start_date"] == [
            "A month-precision date is written as the first of the month."
        ]

    def test_a_year_precision_date_must_be_the_first_of_january(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(1976, 6, 1), start_precision="year")

        assert "start_date" in error.value.message_dict

    def test_a_spell_cannot_start_before_the_organisation_was_founded(self, india):
        brics = OrganisationFactory(slug="brics", acronym="BRICS", founded_on=date(2009, 6, 16))

        with pytest.raises(ValidationError) as error:
            spell(brics, india, date(2009, 6, 15))

        assert "founded on 2009-06-16" in error.value.message_dict["start_date"][0]

    def test_a_year_precision_start_fits_a_founding_later_that_year(self, india):
        un = OrganisationFactory(slug="un", founded_on=date(1945, 10, 24))

        spell(un, india, date(1945, 1, 1), start_precision="year")

        assert Membership.objects.filter(organisation=un).exists()

    def test_an_ongoing_spell_in_a_dissolved_organisation_is_rejected(self, india):
        five = OrganisationFactory(slug="five", founded_on=date(1996, 4, 26), dissolved_on=date(2001, 6, 15))

        with pytest.raises(ValidationError) as error:
            spell(five, india, date(1996, 4, 26))

        assert "end_date" in error.value.message_dict

    def test_a_spell_ending_on_the_dissolution_day_is_accepted(self, india):
        five = OrganisationFactory(slug="five", founded_on=date(1996, 4, 26), dissolved_on=date(2001, 6, 15))

        spell(five, india, date(1996, 4, 26), date(2001, 6, 15), end_reason="organisation_dissolved")

        assert Membership.objects.filter(organisation=five).exists()

    def test_a_disputed_spell_needs_a_note(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2024, 1, 1), disputed=True)

        assert "dispute_note" in error.value.message_dict

    def test_an_ongoing_spell_has_no_end_reason(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2024, 1, 1), end_reason="withdrew")

        assert "end_reason" in error.value.message_dict

    def test_a_source_needs_a_date(self, bloc, india):
        with pytest.raises(ValidationError) as error:
            spell(bloc, india, date(2024, 1, 1), sources=[{"url": "https://x.org", "publisher": "X"}])

        assert "published_on" in error.value.message_dict

    def test_a_failed_source_leaves_no_spell_behind(self, bloc, india):
        with pytest.raises(ValidationError):
            spell(bloc, india, date(2024, 1, 1), sources=[{"url": "not a url", "publisher": "X"}])

        assert not Membership.objects.exists()


class PartialSpellForm(forms.ModelForm):
    """A form that leaves out the member: Django would skip constraints that use it."""

    class Meta:
        model = Membership
        fields = ["status", "start_date", "end_date"]


@pytest.mark.django_db
def test_a_form_leaving_out_a_field_still_reports_the_overlap(bloc, iran):
    spell(bloc, iran, date(2024, 1, 1))
    form = PartialSpellForm(
        data={"status": "member", "start_date": "2024-06-01"},
        instance=Membership(organisation=bloc, member=iran),
    )

    assert not form.is_valid()
    assert "Iran already holds member status" in str(form.errors)


@pytest.mark.django_db
class TestServices:
    def test_a_status_change_ends_the_old_spell_and_starts_the_new_on_one_day(self, bloc, india):
        observer = spell(bloc, india, date(2005, 7, 5), status="observer")

        member = membership_change_status(membership=observer, status="member", on_date=date(2017, 6, 9))

        observer.refresh_from_db()
        assert (observer.end_date, observer.end_reason) == (date(2017, 6, 9), "status_changed")
        assert (member.start_date, member.end_date) == (date(2017, 6, 9), None)

    def test_a_status_change_outside_the_spell_changes_nothing(self, bloc, india):
        observer = spell(bloc, india, date(2005, 7, 5), date(2010, 1, 1), status="observer")

        with pytest.raises(ValidationError):
            membership_change_status(membership=observer, status="member", on_date=date(2017, 6, 9))

        observer.refresh_from_db()
        assert observer.end_date == date(2010, 1, 1)
        assert Membership.objects.count() == 1

    def test_a_status_change_into_an_overlap_changes_nothing(self, bloc, india):
        observer = spell(bloc, india, date(2005, 7, 5), status="observer")
        spell(bloc, india, date(2015, 7, 10), status="applicant")
        applicant = Membership.objects.get(status="applicant")

        with pytest.raises(ValidationError):
            # The new applicant spell would overlap the open applicant spell of 2015.
            membership_change_status(membership=observer, status="applicant", on_date=date(2016, 1, 1))

        observer.refresh_from_db()
        assert observer.end_date is None
        assert Membership.objects.get(pk=applicant.pk).end_date is None

    def test_ending_a_spell_records_the_reason(self, bloc, india):
        member = spell(bloc, india, date(1973, 1, 1))

        membership_end(membership=member, on_date=date(2020, 2, 1), reason="withdrew")

        member.refresh_from_db()
        assert (member.end_date, member.end_precision, member.end_reason) == (
            date(2020, 2, 1),
            "day",
            "withdrew",
        )


@requires_sqlite
@pytest.mark.django_db
def test_the_sqlite_triggers_exist_after_migrate():
    assert sqlite_trigger_names(connection) == {
        "blocs_membership_no_overlap_insert",
        "blocs_membership_no_overlap_update",
    }


@requires_sqlite
@pytest.mark.django_db(transaction=True)
def test_migrate_recreates_triggers_that_a_table_rebuild_dropped():
    from django.core.management import call_command

    with connection.schema_editor() as editor:
        # What SQLite does for many ALTERs: copy the table and drop the old one, and its triggers.
        editor._remake_table(Membership)
    assert sqlite_trigger_names(connection) == set()

    call_command("migrate", verbosity=0)

    assert len(sqlite_trigger_names(connection)) == 2
