"""Two connections insert overlapping spells at once: the database lets exactly one win."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models.signals import pre_save

from blocs.models import Membership, Source
from tests.conftest import requires_postgres
from tests.factories import MemberFactory, OrganisationFactory, spell


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_racing_overlapping_inserts_wins():
    brics = OrganisationFactory(slug="brics", acronym="BRICS", founded_on=date(2009, 6, 16))
    iran = MemberFactory(code="IRN", name="Iran")
    # Both writers pass validation before either inserts: each waits here, after full_clean().
    both_validated = threading.Barrier(2, timeout=10)

    def wait_for_the_other(sender, instance, **kwargs):
        if sender is Membership:
            both_validated.wait()

    outcomes: list[str] = []

    def write(start: date) -> None:
        try:
            spell(
                brics,
                iran,
                start,
                sources=[{"url": f"https://example.org/{start}", "publisher": "P", "published_on": start}],
            )
            outcomes.append("won")
        except IntegrityError:
            outcomes.append("integrity error")
        except ValidationError:
            outcomes.append("validation error")
        finally:
            connection.close()

    pre_save.connect(wait_for_the_other, dispatch_uid="race-barrier")
    try:
        writers = [
            threading.Thread(target=write, args=(date(2024, 1, 1),)),
            threading.Thread(target=write, args=(date(2024, 2, 1),)),
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=30)
    finally:
        pre_save.disconnect(dispatch_uid="race-barrier")

    assert sorted(outcomes) == ["integrity error", "won"]
    assert Membership.objects.filter(member=iran).count() == 1
    # The loser's source went with its transaction: nothing half-written.
    (winner,) = Membership.objects.filter(member=iran)
    assert list(Source.objects.values_list("membership", flat=True)) == [winner.pk]
