"""Recording spells in the admin, on the spell's page and in the organisation's inline: what is saved,
and every bad entry as a form error in plain words, with nothing written."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from blocs.admin.forms import SPELL_FIELDS
from blocs.admin.organisations import SpellInline
from blocs.models import Membership, Source
from tests.admin.helpers import add_inline_row, change_form_data
from tests.factories import spell

ADD = "/admin/blocs/membership/add/"


def spell_data(organisation, member, **fields) -> dict:
    data = {
        "organisation": organisation.pk,
        "member": member.pk,
        "status": "member",
        "start_date": "2025-01-06",
        "start_precision": "day",
        "end_date": "",
        "end_precision": "",
        "end_reason": "",
        "dispute_note": "",
        "notes": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-url": "https://www.gov.br/planalto/en/latest-news/2025/01/indonesia-joins-brics",
        "sources-0-publisher": "Presidency of Brazil",
        "sources-0-published_on": "2025-01-06",
        "sources-0-stance": "supports",
    }
    data.update(fields)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def errors_of(response) -> str:
    return " ".join(str(error) for error in response.context["errors"])


@pytest.mark.django_db
class TestRecordingASpell:
    def test_saves_the_spell_and_its_source_together(self, editor_client, editor, brics, indonesia):
        response = editor_client.post(ADD, spell_data(brics, indonesia))

        assert response.status_code == 302, errors_of(response)
        membership = Membership.objects.get(member=indonesia)
        assert (membership.status, membership.start_date, membership.end_date) == (
            "member",
            date(2025, 1, 6),
            None,
        )
        assert membership.sources.get().publisher == "Presidency of Brazil"

    def test_history_records_the_editor(self, editor_client, editor, brics, indonesia):
        editor_client.post(ADD, spell_data(brics, indonesia))

        membership = Membership.objects.get(member=indonesia)
        assert membership.history.get().history_user == editor
        assert membership.sources.get().history.get().history_user == editor

    def test_without_a_source_it_is_saved_with_a_warning(self, editor_client, brics, indonesia):
        data = spell_data(brics, indonesia, **{"sources-0-url": "", "sources-0-publisher": ""})
        data["sources-0-published_on"] = ""

        response = editor_client.post(ADD, data, follow=True)

        assert Membership.objects.filter(member=indonesia).exists()
        assert any("has no source yet" in message for message in messages_of(response))

    def test_an_end_before_the_start_is_a_form_error_and_nothing_is_written(
        self, editor_client, brics, indonesia
    ):
        data = spell_data(brics, indonesia, end_date="2025-01-01", end_precision="day", end_reason="withdrew")

        response = editor_client.post(ADD, data)

        assert response.status_code == 200
        assert "must be after the start date" in errors_of(response)
        assert not Membership.objects.exists() and not Source.objects.exists()

    def test_an_overlap_names_the_spell_it_collides_with(self, editor_client, brics, indonesia):
        spell(brics, indonesia, date(2025, 1, 6))

        response = editor_client.post(ADD, spell_data(brics, indonesia, start_date="2025-03-01"))

        assert response.status_code == 200
        assert "Indonesia already holds member status in BRICS from 2025-01-06 (ongoing)" in errors_of(
            response
        )
        assert Membership.objects.count() == 1 and Source.objects.count() == 1

    def test_an_overlap_of_another_status_in_the_family_is_refused_too(self, editor_client, brics, indonesia):
        spell(brics, indonesia, date(2025, 1, 1), status="partner")

        response = editor_client.post(ADD, spell_data(brics, indonesia))

        assert "already holds partner status in BRICS from 2025-01-01" in errors_of(response)
        assert Membership.objects.count() == 1

    def test_a_start_before_the_organisation_was_founded_is_refused(self, editor_client, brics, indonesia):
        response = editor_client.post(ADD, spell_data(brics, indonesia, start_date="2001-01-01"))

        assert "BRICS was founded on 2009-06-16: a spell cannot start before that" in errors_of(response)
        assert not Membership.objects.exists()

    def test_a_malformed_date_is_a_form_error(self, editor_client, brics, indonesia):
        response = editor_client.post(ADD, spell_data(brics, indonesia, start_date="6 janvier 2025"))

        assert response.status_code == 200
        assert "Enter a valid date" in errors_of(response)
        assert not Membership.objects.exists()

    def test_a_bad_source_is_a_form_error_and_the_spell_is_not_written(self, editor_client, brics, indonesia):
        data = spell_data(brics, indonesia, **{"sources-0-url": "not a url", "sources-0-published_on": ""})

        response = editor_client.post(ADD, data)

        assert response.status_code == 200
        assert not Membership.objects.exists()

    def test_help_text_states_the_half_open_convention(self, editor_client):
        content = editor_client.get(ADD).content.decode()

        assert "from its start date, included, up to its end date, excluded" in content
        assert "The first day on which the status no longer applied" in content

    def test_the_form_keeps_organisation_member_status_and_both_dates(self, editor_client):
        form = editor_client.get(ADD).context["adminform"].form

        assert set(SPELL_FIELDS) <= set(form.fields)

    def test_a_write_the_database_refuses_is_a_message_not_a_500(
        self, editor_client, brics, indonesia, monkeypatch
    ):
        # A concurrent edit that validation did not see: only the database stops it.
        spell(brics, indonesia, date(2025, 1, 6))
        monkeypatch.setattr(
            "blocs.constraints.PostgresOnlyExclusionConstraint.validate", lambda *args, **kwargs: None
        )

        response = editor_client.post(ADD, spell_data(brics, indonesia, start_date="2025-03-01"), follow=True)

        assert response.status_code == 200
        assert any("Nothing was saved" in message for message in messages_of(response))
        assert Membership.objects.count() == 1 and Source.objects.count() == 1


@pytest.mark.django_db
class TestTheOrganisationsSpellInline:
    def url(self, organisation) -> str:
        return f"/admin/blocs/organisation/{organisation.pk}/change/"

    def post_rows(self, client, organisation, *rows):
        data = change_form_data(client.get(self.url(organisation)))
        for row in rows:
            add_inline_row(
                data,
                "memberships",
                **{"status": "member", "start_precision": "day", "dispute_note": "", **row},
            )
        return client.post(self.url(organisation), data)

    def test_keeps_organisation_member_status_and_both_dates(self, editor_client, brics):
        formset = editor_client.get(self.url(brics)).context["inline_admin_formsets"][1].formset

        assert set(SPELL_FIELDS) <= set(formset.form.base_fields) | {formset.fk.name}
        assert SpellInline.fields[:5] == ["member", "status", "start_date", "start_precision", "end_date"]

    def test_adds_a_spell_with_a_warning_that_it_has_no_source(self, editor_client, brics, indonesia):
        response = self.post_rows(editor_client, brics, {"member": indonesia.pk, "start_date": "2025-01-06"})

        assert response.status_code == 302
        assert Membership.objects.get(organisation=brics).member == indonesia
        assert any("has no source yet" in message for message in messages_of(response))

    def test_an_overlap_with_a_stored_spell_names_it_and_nothing_is_written(
        self, editor_client, brics, indonesia
    ):
        spell(brics, indonesia, date(2025, 1, 6))

        response = self.post_rows(editor_client, brics, {"member": indonesia.pk, "start_date": "2025-02-01"})

        assert response.status_code == 200
        assert "Indonesia already holds member status in BRICS from 2025-01-06" in errors_of(response)
        assert Membership.objects.count() == 1

    def test_two_new_rows_that_overlap_each_other_are_refused_and_neither_is_written(
        self, editor_client, brics, indonesia
    ):
        response = self.post_rows(
            editor_client,
            brics,
            {"member": indonesia.pk, "start_date": "2025-01-06"},
            {"member": indonesia.pk, "start_date": "2025-03-01", "status": "partner"},
        )

        assert response.status_code == 200
        assert "Indonesia already holds member status in BRICS from 2025-01-06" in errors_of(response)
        assert not Membership.objects.exists()

    def test_ending_a_spell_and_starting_its_successor_in_one_save_is_accepted(
        self, editor_client, brics, indonesia
    ):
        partner = spell(brics, indonesia, date(2025, 1, 1), status="partner")
        data = change_form_data(editor_client.get(self.url(brics)))
        data.update(
            {
                "memberships-0-end_date": "2025-01-06",
                "memberships-0-end_precision": "day",
                "memberships-0-end_reason": "status_changed",
            }
        )
        add_inline_row(
            data,
            "memberships",
            member=indonesia.pk,
            status="member",
            start_date="2025-01-06",
            start_precision="day",
        )

        response = editor_client.post(self.url(brics), data)

        assert response.status_code == 302, errors_of(response)
        partner.refresh_from_db()
        assert partner.end_date == date(2025, 1, 6)
        assert Membership.objects.get(member=indonesia, status="member").start_date == date(2025, 1, 6)

    def test_a_successor_without_ending_its_predecessor_is_still_refused(
        self, editor_client, brics, indonesia
    ):
        spell(brics, indonesia, date(2025, 1, 1), status="partner")

        response = self.post_rows(editor_client, brics, {"member": indonesia.pk, "start_date": "2025-01-06"})

        assert "Indonesia already holds partner status in BRICS from 2025-01-01 (ongoing)" in errors_of(
            response
        )
        assert Membership.objects.count() == 1

    def test_a_row_outside_the_organisations_life_is_refused(self, editor_client, brics, indonesia):
        response = self.post_rows(editor_client, brics, {"member": indonesia.pk, "start_date": "2008-01-01"})

        assert "BRICS was founded on 2009-06-16" in errors_of(response)
        assert not Membership.objects.exists()

    def test_an_end_before_the_start_is_refused(self, editor_client, brics, indonesia):
        response = self.post_rows(
            editor_client,
            brics,
            {
                "member": indonesia.pk,
                "start_date": "2025-01-06",
                "end_date": "2024-01-01",
                "end_precision": "day",
            },
        )

        assert "must be after the start date" in errors_of(response)
        assert not Membership.objects.exists()


@pytest.mark.django_db
class TestDateRangesInTheForm:
    def test_an_editor_records_the_range_the_sources_allow(self, editor_client, brics, indonesia):
        response = editor_client.post(
            ADD, spell_data(brics, indonesia, start_earliest="2025-01-06", start_latest="2025-01-17")
        )

        assert response.status_code == 302, errors_of(response)
        membership = Membership.objects.get(member=indonesia)
        assert (membership.start_earliest, membership.start_latest) == (date(2025, 1, 6), date(2025, 1, 17))
        assert membership.start_edtf == "[2025-01-06..2025-01-17]"

    def test_left_empty_the_range_is_the_dates_own_period(self, editor_client, brics, indonesia):
        editor_client.post(
            ADD, spell_data(brics, indonesia, start_date="2025-01-01", start_precision="month")
        )

        membership = Membership.objects.get(member=indonesia)
        assert (membership.start_earliest, membership.start_latest) == (date(2025, 1, 1), date(2025, 1, 31))

    def test_a_range_that_excludes_the_date_is_refused_by_name(self, editor_client, brics, indonesia):
        response = editor_client.post(ADD, spell_data(brics, indonesia, start_latest="2025-01-01"))

        assert response.status_code == 200
        assert "The latest start (2025-01-01) comes before the start date" in response.content.decode()
        assert not Membership.objects.exists()
