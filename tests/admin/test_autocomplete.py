"""The autocomplete boxes (organisation and member on a spell, the spell on a source) find what is typed,
by the same search as the lists."""

from datetime import date

import pytest

from tests.factories import spell


def found(client, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        "/admin/autocomplete/", {"app_label": "blocs", "model_name": model, "field_name": field, "term": term}
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.django_db
class TestAutocomplete:
    def test_finds_an_organisation_by_acronym(self, editor_client, brics):
        assert found(editor_client, "membership", "organisation", "bric") == ["BRICS"]

    def test_finds_an_organisation_by_a_former_name(self, editor_client, brics):
        brics.former_names.create(name="BRIC", end_date=date(2010, 12, 24))

        assert found(editor_client, "membership", "organisation", "BRIC") == ["BRICS"]

    def test_finds_a_member_by_name(self, editor_client, india, indonesia):
        assert found(editor_client, "membership", "member", "indo") == ["Indonesia"]

    def test_finds_a_member_by_code(self, editor_client, india, indonesia):
        assert found(editor_client, "membership", "member", "IDN") == ["Indonesia"]

    def test_finds_a_spell_for_a_source_by_member_code(self, editor_client, brics, indonesia):
        spell(brics, indonesia, date(2025, 1, 6))

        assert found(editor_client, "source", "membership", "IDN") == [
            "Indonesia in BRICS: member from 2025-01-06"
        ]
