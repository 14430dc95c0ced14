"""History on every object: who changed what and when, with the values before and after."""

import re
from datetime import date

import pytest

from blocs.models import Membership
from tests.admin.helpers import change_form_data
from tests.factories import spell


@pytest.mark.django_db
class TestHistory:
    def test_shows_who_changed_a_spell_and_its_values_before_and_after(self, editor_client, brics, indonesia):
        membership = spell(brics, indonesia, date(2023, 8, 24), status="invited")
        url = f"/admin/blocs/membership/{membership.pk}/change/"
        data = change_form_data(editor_client.get(url))
        data.update({"end_date": "2025-01-06", "end_precision": "day", "end_reason": "status_changed"})
        assert editor_client.post(url, data).status_code == 302

        response = editor_client.get(f"/admin/blocs/membership/{membership.pk}/history/")

        content = response.content.decode()
        assert response.status_code == 200
        assert "editor" in content
        assert re.search(r"<strong>End date:</strong>\s*None\s*&nbsp;&rarr;&nbsp;&nbsp;2025-01-06", content)
        assert "from 2023-08-24 until 2025-01-06 (status changed)" in content

    @pytest.mark.parametrize("model", ["organisation", "organisationname", "member", "membership", "source"])
    def test_every_model_has_a_history_page(self, editor_client, brics, indonesia, model):
        membership = spell(brics, indonesia, date(2025, 1, 6))
        brics.former_names.create(name="BRIC", end_date=date(2010, 12, 24))
        objects = {
            "organisation": brics,
            "organisationname": brics.former_names.get(),
            "member": indonesia,
            "membership": membership,
            "source": membership.sources.get(),
        }

        response = editor_client.get(f"/admin/blocs/{model}/{objects[model].pk}/history/")

        assert response.status_code == 200
        assert "Created" in response.content.decode()

    def test_a_deleted_spell_keeps_its_history(self, client, superuser, brics, indonesia):
        membership = spell(brics, indonesia, date(2025, 1, 6))
        client.force_login(superuser)
        client.post(f"/admin/blocs/membership/{membership.pk}/delete/", {"post": "yes"})

        records = Membership.history.filter(id=membership.pk).order_by("history_date")

        assert [record.history_type for record in records] == ["+", "-"]
        assert records.last().history_user == superuser
