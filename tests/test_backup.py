"""A backup as the README says to make one (`dumpdata` without natural keys) restores into an empty database
with every row and every history record, even after a spell with sources was deleted (its history rows
still name it, which is why natural keys cannot be used)."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blocs.models import Membership, Source
from tests.factories import MemberFactory, OrganisationFactory, spell

BACKUP = ["--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions"]


def dump(*options: str) -> str:
    out = io.StringIO()
    call_command("dumpdata", *BACKUP, *options, stdout=out)
    return out.getvalue()


def snapshot() -> list:
    return sorted(
        Membership.objects.active_on(date(2020, 1, 1)).values_list(
            "organisation__slug", "member__code", "status"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_a_plain_dump_restores_every_row_and_every_history_record(tmp_path):
    bloc = OrganisationFactory(slug="bloc")
    kept = spell(bloc, MemberFactory(code="AAA"), date(2010, 1, 1))
    spell(bloc, MemberFactory(code="BBB"), date(2011, 1, 1)).delete()  # its sources' history stays
    before = (snapshot(), Membership.history.count(), Source.history.count(), kept.sources.count())
    path = tmp_path / "backup.json"
    path.write_text(dump())

    call_command("flush", "--no-input")
    assert Membership.objects.count() == 0
    call_command("loaddata", str(path))

    assert (snapshot(), Membership.history.count(), Source.history.count(), kept.sources.count()) == before
    assert json.loads(path.read_text())  # a JSON file a reader can check


@pytest.mark.django_db
def test_natural_keys_cannot_name_a_deleted_spell_which_is_why_the_readme_says_not_to_use_them():
    spell(OrganisationFactory(slug="bloc"), MemberFactory(code="BBB"), date(2011, 1, 1)).delete()

    with pytest.raises(CommandError, match="does not exist"):
        dump("--natural-foreign", "--natural-primary", "blocs")
