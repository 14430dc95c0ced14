"""Every create, update and delete is recorded, with its user when there is one."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from blocs.models import Member, Membership, Organisation, OrganisationName, Source
from tests.factories import spell


@pytest.mark.django_db
class TestHistory:
    def test_create_update_and_delete_from_the_shell_are_recorded(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        membership.notes = "Astana summit"
        membership.save()
        membership.delete()

        kinds = list(Membership.history.order_by("history_id").values_list("history_type", flat=True))

        assert kinds == ["+", "~", "-"]

    def test_an_admin_edit_is_recorded_with_its_user(self, client, bloc, india):
        staff = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-123-abc")
        membership = spell(bloc, india, date(2017, 6, 9))
        client.force_login(staff)

        response = client.post(
            f"/admin/blocs/membership/{membership.pk}/change/",
            {
                "organisation": bloc.pk,
                "member": india.pk,
                "status": "member",
                "start_date": "2017-06-09",
                "start_precision": "day",
                "end_date": "",
                "end_precision": "",
                "end_reason": "",
                "notes": "recorded by an editor",
                "dispute_note": "",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
            },
        )

        assert response.status_code == 302, response.content[:2000]
        latest = membership.history.latest()
        assert (latest.history_user, latest.notes) == (staff, "recorded by an editor")

    def test_history_answers_as_recorded_at_a_past_time(self, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        recorded = membership.history.latest().history_date
        membership.notes = "changed later"
        membership.save()

        assert Membership.history.as_of(recorded).get(pk=membership.pk).notes == ""


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organisation, OrganisationName, Member, Membership, Source])
def test_every_history_table_is_indexed_for_reads_as_recorded(model):
    # blocs.recorded finds each row's latest record at or before T by (id, history_date).
    table = model.history.model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)

    assert any(
        found["index"] and found["columns"] == ["id", "history_date"] for found in constraints.values()
    )
