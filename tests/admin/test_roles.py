"""What each role may do in the admin: Editors edit records and read history, superusers do everything,
staff without the group see nothing."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from blocs.bootstrap import EDITORS_GROUP, EDITORS_PERMISSIONS, LoadReport, ensure_editors_group
from tests.factories import spell

MODELS = ["organisation", "organisationname", "member", "membership", "source"]


@pytest.mark.django_db
class TestTheEditorsGroup:
    def test_bootstrap_creates_it_with_exactly_its_permissions(self):
        report = LoadReport()

        group = ensure_editors_group(report)

        assert report.created["groups"] == 1
        assert set(group.permissions.values_list("codename", flat=True)) == set(EDITORS_PERMISSIONS)

    def test_a_second_run_changes_nothing(self):
        ensure_editors_group(LoadReport())
        report = LoadReport()

        ensure_editors_group(report)

        assert (report.created["groups"], report.updated["groups"], report.unchanged["groups"]) == (0, 0, 1)
        assert Group.objects.filter(name=EDITORS_GROUP).count() == 1

    def test_a_run_puts_back_a_permission_someone_removed_and_takes_away_one_added(self):
        group = ensure_editors_group(LoadReport())
        group.permissions.remove(group.permissions.get(codename="change_membership"))
        group.permissions.add(*group.permissions.model.objects.filter(codename="delete_member"))
        report = LoadReport()

        ensure_editors_group(report)

        codenames = set(group.permissions.values_list("codename", flat=True))
        assert report.updated["groups"] == 1
        assert "change_membership" in codenames and "delete_member" not in codenames

    def test_it_grants_no_delete_and_no_user_management(self):
        codenames = set(ensure_editors_group(LoadReport()).permissions.values_list("codename", flat=True))

        assert not any(codename.startswith("delete_") for codename in codenames)
        assert not {"add_user", "change_user", "view_user", "change_group"} & codenames


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.mark.django_db
class TestAnEditor:
    @pytest.mark.parametrize("model", MODELS)
    def test_can_open_every_list_and_add_page(self, login, editor, model):
        client = login(editor)

        assert client.get(f"/admin/blocs/{model}/").status_code == 200
        assert client.get(f"/admin/blocs/{model}/add/").status_code == 200

    def test_can_change_a_spell_and_read_its_history(self, login, editor, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        client = login(editor)

        assert client.get(f"/admin/blocs/membership/{membership.pk}/change/").status_code == 200
        assert client.get(f"/admin/blocs/membership/{membership.pk}/history/").status_code == 200

    def test_cannot_delete_an_organisation_or_a_member(self, login, editor, bloc, india):
        client = login(editor)

        assert client.get(f"/admin/blocs/organisation/{bloc.pk}/delete/").status_code == 403
        assert client.get(f"/admin/blocs/member/{india.pk}/delete/").status_code == 403

    def test_cannot_delete_a_spell_either(self, login, editor, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))
        client = login(editor)

        response = client.get(f"/admin/blocs/membership/{membership.pk}/delete/")

        assert response.status_code == 403

    def test_is_not_offered_the_delete_action(self, login, editor):
        response = login(editor).get("/admin/blocs/membership/")

        actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
        assert "delete_selected" not in actions
        assert {"record_status_change", "end_spells"} <= set(actions)

    @pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"])
    def test_cannot_manage_users(self, login, editor, path):
        assert login(editor).get(path).status_code == 403

    def test_can_import_and_export_spells(self, login, editor):
        client = login(editor)

        assert client.get("/admin/blocs/membership/import/").status_code == 200
        assert client.get("/admin/blocs/membership/export/").status_code == 200


@pytest.mark.django_db
class TestASuperuser:
    def test_can_delete_an_organisation(self, login, superuser, bloc):
        client = login(superuser)

        response = client.post(f"/admin/blocs/organisation/{bloc.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not type(bloc).objects.filter(pk=bloc.pk).exists()

    def test_can_manage_users(self, login, superuser):
        assert login(superuser).get("/admin/auth/user/").status_code == 200

    def test_is_offered_every_action(self, login, superuser):
        response = login(superuser).get("/admin/blocs/membership/")

        actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
        assert {"delete_selected", "record_status_change", "end_spells"} <= set(actions)


@pytest.mark.django_db
class TestStaffWithoutTheGroup:
    def test_sees_no_model_on_the_admin_index(self, login, bare_staff):
        response = login(bare_staff).get("/admin/")

        assert response.status_code == 200
        assert response.context["app_list"] == []

    @pytest.mark.parametrize("model", MODELS)
    def test_cannot_open_any_list(self, login, bare_staff, model):
        assert login(bare_staff).get(f"/admin/blocs/{model}/").status_code == 403

    def test_cannot_read_history(self, login, bare_staff, bloc, india):
        membership = spell(bloc, india, date(2017, 6, 9))

        response = login(bare_staff).get(f"/admin/blocs/membership/{membership.pk}/history/")

        assert response.status_code == 403

    def test_cannot_import_or_export(self, login, bare_staff):
        client = login(bare_staff)

        assert client.get("/admin/blocs/membership/import/").status_code == 403
        assert client.get("/admin/blocs/membership/export/").status_code == 403


@pytest.mark.django_db
def test_a_visitor_who_is_not_staff_is_sent_to_the_login_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-test-password-1"))

    response = client.get("/admin/blocs/membership/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
class TestDeletingInBulk:
    def test_a_superuser_deletes_selected_spells_and_history_keeps_them(
        self, login, superuser, bloc, india, iran
    ):
        spells = [spell(bloc, india, date(2017, 6, 9)), spell(bloc, iran, date(2024, 1, 1))]
        client = login(superuser)
        data = {"action": "delete_selected", "_selected_action": [s.pk for s in spells], "post": "yes"}

        response = client.post("/admin/blocs/membership/", data)

        assert response.status_code == 302
        assert not type(spells[0]).objects.exists()
        assert type(spells[0]).history.filter(history_type="-").count() == 2

    def test_an_organisation_with_spells_is_protected_from_deletion(self, login, superuser, bloc, india):
        spell(bloc, india, date(2017, 6, 9))
        client = login(superuser)
        data = {"action": "delete_selected", "_selected_action": [bloc.pk], "post": "yes"}

        response = client.post("/admin/blocs/organisation/", data)

        assert response.status_code == 200
        assert "would require deleting the following protected related objects" in response.content.decode()
        assert type(bloc).objects.filter(pk=bloc.pk).exists()
