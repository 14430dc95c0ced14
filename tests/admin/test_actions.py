"""The two actions on spells: record a status change, and end spells. Each shows a form, then what it
will write (nothing is written yet), then writes everything in one transaction, or nothing."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import IntegrityError

from blocs.constraints import NO_OVERLAP
from blocs.models import Membership
from tests.factories import OrganisationFactory, spell

LIST = "/admin/blocs/membership/"


def act(client, action: str, spells, **fields):
    data = {"action": action, "_selected_action": [membership.pk for membership in spells], **fields}
    return client.post(LIST, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def sco():
    return OrganisationFactory(slug="sco", acronym="SCO", name="Shanghai Cooperation Organisation")


@pytest.fixture
def observers(sco, india, iran):
    return [
        spell(sco, india, date(2005, 7, 5), status="observer"),
        spell(sco, iran, date(2005, 7, 5), status="observer"),
    ]


CHANGE = {"on_date": "2017-06-09", "precision": "day", "status": "member"}


@pytest.mark.django_db
class TestRecordAStatusChange:
    def test_first_asks_for_the_date_and_the_new_status(self, editor_client, observers):
        response = act(editor_client, "record_status_change", observers)

        assert response.status_code == 200
        assert response.context["title"] == "Record a status change"
        assert {"on_date", "precision", "status", "source_url"} <= set(response.context["form"].fields)

    def test_then_shows_what_it_will_write_and_writes_nothing_yet(self, editor_client, observers):
        response = act(editor_client, "record_status_change", observers[:1], preview="1", **CHANGE)

        assert response.context["plan"] == [
            "India in SCO: observer until 2017-06-09, member from 2017-06-09."
        ]
        assert Membership.objects.count() == 2
        assert Membership.objects.get(pk=observers[0].pk).end_date is None

    def test_on_confirmation_ends_each_spell_and_starts_its_successor_the_same_day(
        self, editor_client, observers
    ):
        response = act(editor_client, "record_status_change", observers, apply="1", **CHANGE)

        assert response.status_code == 302
        for observer in observers:
            observer.refresh_from_db()
            assert (observer.end_date, observer.end_reason) == (date(2017, 6, 9), "status_changed")
        assert Membership.objects.filter(status="member", start_date=date(2017, 6, 9)).count() == 2

    def test_history_records_the_editor(self, editor_client, editor, observers):
        act(editor_client, "record_status_change", observers[:1], apply="1", **CHANGE)

        successor = Membership.objects.get(status="member")
        assert successor.history.get().history_user == editor
        assert Membership.objects.get(pk=observers[0].pk).history.latest().history_user == editor

    def test_cites_the_source_given_on_the_new_spell(self, editor_client, observers):
        source = {
            "source_url": "https://eng.sectsco.org/20170609/astana",
            "source_publisher": "SCO Secretariat",
            "source_published_on": "2017-06-09",
        }

        act(editor_client, "record_status_change", observers[:1], apply="1", **CHANGE, **source)

        assert Membership.objects.get(status="member").sources.get().publisher == "SCO Secretariat"

    def test_without_a_source_it_warns_that_the_new_spells_need_one(self, editor_client, observers):
        response = act(editor_client, "record_status_change", observers[:1], apply="1", **CHANGE)

        assert any("The new spells have no source yet" in message for message in messages_of(response))

    def test_a_source_without_a_publisher_is_a_form_error(self, editor_client, observers):
        response = act(
            editor_client,
            "record_status_change",
            observers[:1],
            preview="1",
            **CHANGE,
            source_url="https://example.org/a",
            source_published_on="2017-06-09",
        )

        assert response.context["form"].errors["source_publisher"]
        assert response.context["plan"] is None

    def test_one_spell_that_cannot_change_and_none_is_changed(self, editor_client, observers, sco, iran):
        # Iran's observer spell ends before the date: its change is refused, and India's is not written.
        Membership.objects.filter(pk=observers[1].pk).update(end_date=date(2010, 1, 1), end_precision="day")

        response = act(editor_client, "record_status_change", observers, apply="1", **CHANGE)

        assert response.status_code == 200
        assert "Nothing was changed" in response.content.decode()
        assert (
            "A change of status on 2017-06-09 must fall within Iran in SCO" in response.context["errors"][0]
        )
        assert not Membership.objects.filter(status="member").exists()
        assert Membership.objects.get(pk=observers[0].pk).end_date is None

    def test_a_change_the_database_refuses_is_reported_and_nothing_is_written(
        self, editor_client, observers, monkeypatch
    ):
        def racing_change(*, membership, **fields):
            # A concurrent edit that validation could not see: the first write goes through, then the
            # database refuses the second.
            Membership.objects.filter(pk=membership.pk).update(end_date=date(2017, 6, 9), end_precision="day")
            raise IntegrityError(
                f"{NO_OVERLAP}: spells of one organisation, member and status family must not overlap"
            )

        monkeypatch.setattr("blocs.admin.actions.membership_change_status", racing_change)

        response = act(editor_client, "record_status_change", observers[:1], apply="1", **CHANGE)

        assert response.status_code == 200
        assert response.context["errors"] == [
            "India in SCO: observer from 2005-07-05: the database refused the change: two spells of one "
            "organisation, member and status family would overlap."
        ]
        assert not Membership.objects.filter(end_date__isnull=False).exists()

    def test_a_change_to_the_same_status_is_refused_in_plain_words(self, editor_client, observers):
        response = act(
            editor_client,
            "record_status_change",
            observers[:1],
            preview="1",
            **{**CHANGE, "status": "observer"},
        )

        assert "already has status observer" in response.context["errors"][0]

    def test_a_malformed_date_is_a_form_error(self, editor_client, observers):
        response = act(
            editor_client, "record_status_change", observers, preview="1", **{**CHANGE, "on_date": "9/6/17x"}
        )

        assert response.context["form"].errors["on_date"] == ["Enter a valid date."]

    def test_going_back_keeps_what_was_typed(self, editor_client, observers):
        response = act(editor_client, "record_status_change", observers, edit="1", **CHANGE)

        assert response.context["form"].data["on_date"] == "2017-06-09"
        assert response.context["plan"] is None


END = {"on_date": "2020-02-01", "precision": "day", "reason": "withdrew"}


@pytest.mark.django_db
class TestEndSpells:
    def test_first_asks_for_the_date_and_the_reason(self, editor_client, observers):
        response = act(editor_client, "end_spells", observers)

        assert {"on_date", "precision", "reason"} <= set(response.context["form"].fields)

    def test_then_asks_for_confirmation_and_writes_nothing_yet(self, editor_client, observers):
        response = act(editor_client, "end_spells", observers, preview="1", **END)

        assert response.context["plan"] == [
            "India in SCO: observer from 2005-07-05 until 2020-02-01 (withdrew).",
            "Iran in SCO: observer from 2005-07-05 until 2020-02-01 (withdrew).",
        ]
        assert not Membership.objects.filter(end_date__isnull=False).exists()

    def test_on_confirmation_ends_every_spell(self, editor_client, observers):
        response = act(editor_client, "end_spells", observers, apply="1", **END)

        assert response.status_code == 302
        assert set(Membership.objects.values_list("end_date", "end_reason")) == {
            (date(2020, 2, 1), "withdrew")
        }
        assert any("End spells: done." in message for message in messages_of(response))

    def test_an_end_before_the_start_is_refused_and_nothing_is_written(self, editor_client, observers, sco):
        late = spell(
            sco, Membership.objects.get(pk=observers[0].pk).member, date(2019, 1, 1), status="applicant"
        )

        response = act(
            editor_client, "end_spells", [*observers, late], apply="1", **{**END, "on_date": "2018-01-01"}
        )

        assert len(response.context["errors"]) == 1
        assert "must be after the start date" in response.context["errors"][0]
        assert not Membership.objects.filter(end_date__isnull=False).exists()

    def test_staff_who_may_only_view_spells_cannot_run_it(self, client, bare_staff, observers):
        bare_staff.user_permissions.add(Permission.objects.get(codename="view_membership"))
        client.force_login(bare_staff)

        response = act(client, "end_spells", observers, apply="1", **END)

        assert response.context["action_form"] is None  # no action is offered at all
        assert not Membership.objects.filter(end_date__isnull=False).exists()
