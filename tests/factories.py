"""Factories for the smallest data that shows a behaviour. Spells are made through the services."""

from datetime import date
from typing import Any

import factory

from blocs.choices import MemberKind, OrganisationKind, Precision
from blocs.models import Member, Membership, Organisation
from blocs.services import membership_create


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"bloc-{n}")
    acronym = factory.Sequence(lambda n: f"B{n}")
    name = factory.Sequence(lambda n: f"Bloc {n}")
    kind = OrganisationKind.POLITICAL_FORUM
    founded_on = date(1900, 1, 1)
    founded_precision = Precision.DAY


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Testland {n}")
    kind = MemberKind.STATE


def spell(
    organisation: Organisation,
    member: Member,
    start: date,
    end: date | None = None,
    status: str = "member",
    **fields: Any,
) -> Membership:
    """A validated spell with one source, made the way the app makes them."""
    fields.setdefault(
        "sources",
        [
            {
                "url": "https://example.org/record",
                "publisher": "Example Publisher",
                "published_on": start,
            }
        ],
    )
    if end is not None:
        fields.setdefault("end_precision", Precision.DAY)
    return membership_create(
        organisation=organisation,
        member=member,
        status=status,
        start_date=start,
        end_date=end,
        **fields,
    )
