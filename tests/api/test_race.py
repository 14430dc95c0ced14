"""Two clients record overlapping spells at the same moment: one gets 201, the other 409, nothing else."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from blocs.models import Membership, Source
from tests.api.conftest import make_user, token_client
from tests.conftest import requires_postgres
from tests.factories import MemberFactory, OrganisationFactory


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_racing_overlapping_posts_one_is_created_and_the_other_is_a_409(settings):
    settings.API_ANON_RATE = None
    OrganisationFactory(slug="brics", acronym="BRICS", founded_on=date(2009, 6, 16))
    MemberFactory(code="IRN", name="Iran")
    client = token_client(make_user("editor", "add_membership"))
    # Both requests pass validation before either inserts: each waits here, after full_clean().
    both_validated = threading.Barrier(2, timeout=10)

    def wait_for_the_other(sender, instance, **kwargs):
        if sender is Membership:
            both_validated.wait()

    statuses: list[int] = []

    def post(start: str) -> None:
        try:
            body = {
                "organisation": "brics",
                "member": "IRN",
                "status": "member",
                "start_date": start,
                "sources": [{"url": f"https://example.org/{start}", "publisher": "P", "published_on": start}],
            }
            statuses.append(client.post("/api/v1/memberships/", body, format="json").status_code)
        finally:
            connection.close()

    pre_save.connect(wait_for_the_other, dispatch_uid="api-race-barrier")
    try:
        writers = [threading.Thread(target=post, args=(start,)) for start in ("2024-01-01", "2024-02-01")]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=30)
    finally:
        pre_save.disconnect(dispatch_uid="api-race-barrier")

    assert sorted(statuses) == [201, 409]
    (winner,) = Membership.objects.all()
    assert list(Source.objects.values_list("membership", flat=True)) == [winner.pk]
