"""What the API's rows look like, and how a write is validated.

Writes go through `ModelValidatingSerializer`, which builds the instance and runs the model's own
validation (`full_clean()`: field checks, `clean()`, unique and check constraints, and the no-overlap
rule), so the API refuses exactly what the admin refuses, with the same messages, as a 400 keyed by
field. Spells are written with the organisation by slug and the member by code, and carry their sources.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from blocs import services
from blocs.api.exceptions import django_errors
from blocs.choices import ChangeKind, Coverage, EndReason, Status
from blocs.models import (
    SPELL_BOUNDS,
    SPELL_COLUMNS,
    Member,
    Membership,
    Organisation,
    OrganisationName,
    Source,
)
from blocs.querysets import Change


class ResourceUrlField(serializers.HyperlinkedIdentityField):
    """A row's own address, without the `format` of the request that listed it (DRF keeps `?format=csv`
    on every link, so a CSV's `url` cells pointed at CSV answers)."""

    def get_url(self, obj: Any, view_name: str, request: Any, format: Any) -> Any:  # noqa: A002 (DRF's name)
        url = super().get_url(obj, view_name, request, None)
        return url.split("?", 1)[0] if url else url


class ModelValidatingSerializer(serializers.ModelSerializer):
    """Runs the model's `full_clean()` on the instance a write would save, and reports its errors as
    DRF does (field -> messages). Fields the model does not have (nested lists) are left out."""

    validation_exclude: tuple[str, ...] = ()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model: type[models.Model] = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=self.validation_exclude)
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_errors(error)) from None
        return attrs


class NaturalKeyRelatedField(serializers.SlugRelatedField):
    """A related row named by its slug or code. Text no key can hold (a NUL character, which PostgreSQL
    refuses outright) is reported as unknown rather than sent to the database."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class SourceSerializer(ModelValidatingSerializer):
    """A published document bearing on a spell: it supports it, or contradicts it."""

    validation_exclude = ("membership",)

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published_on", "accessed_on", "stance", "note", "quote"]
        validators: list[Any] = []


class FormerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationName
        fields = ["name", "acronym", "start_date", "start_precision", "end_date", "end_precision"]


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "acronym", "name", "kind"]


class MemberBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["code", "name", "kind"]


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = ResourceUrlField(view_name="api:organisation-detail", lookup_field="slug")
    predecessor: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The organisation this one continues."
    )
    former_names = FormerNameSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(
        read_only=True, help_text="How many members (status member) today."
    )
    # Declared, so the schema does not take its bounds from the database engine's integer range.
    cow_ionum = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Correlates of War IGO number."
    )
    coverage = serializers.ChoiceField(
        choices=Coverage.choices,
        read_only=True,
        help_text="How the spells were made: `curated` (from sources, dated to the day where they allow, "
        "checked through `checked_through`) or `cow` (imported from COW IGO v3: years, to 2014).",
    )

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "url",
            "acronym",
            "name",
            "full_name",
            "kind",
            "member_count",
            "founded_on",
            "founded_precision",
            "dissolved_on",
            "dissolved_precision",
            "predecessor",
            "former_names",
            "website",
            "description",
            "wikidata_id",
            "cow_ioname",
            "cow_ionum",
            "coverage",
            "checked_through",
        ]


class MemberSerializer(serializers.HyperlinkedModelSerializer):
    url = ResourceUrlField(view_name="api:member-detail", lookup_field="code")
    # Declared, so the schema does not take its bounds from the database engine's integer range.
    cow_code = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Correlates of War state code."
    )
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The organisation this member is, if it is one (EU).",
    )

    class Meta:
        model = Member
        fields = [
            "code",
            "url",
            "name",
            "official_name",
            "kind",
            "historical",
            "iso2",
            "iso_numeric",
            "former_codes",
            "cow_code",
            "cow_abbrev",
            "wikidata_id",
            "organisation",
        ]


SPELL_FIELDS = [
    SPELL_COLUMNS[0],
    "family",
    *SPELL_COLUMNS[1:],
    *SPELL_BOUNDS,
    "start_edtf",
    "end_edtf",
    "sources",
]
EDTF_HELP = (
    "The date in EDTF (ISO 8601-2): 2017-06-09, 2007-10 (month), 2008 (year), or [2009-06-16..2010-04-28] "
    "(one day in the range the sources allow); empty while the spell goes on."
)


class _SpellRowSerializer(serializers.ModelSerializer):
    """What a spell's row shows besides who or where (the subclasses' first column)."""

    family = serializers.CharField(read_only=True)
    start_edtf = serializers.CharField(read_only=True, help_text=EDTF_HELP)
    end_edtf = serializers.CharField(read_only=True, help_text=EDTF_HELP)
    sources = SourceSerializer(many=True, read_only=True)


class SnapshotRowSerializer(_SpellRowSerializer):
    """A spell in an organisation's snapshot: who, with what status, from when to when, on what sources."""

    member = MemberBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "member", *SPELL_FIELDS]


class MemberMembershipRowSerializer(_SpellRowSerializer):
    """A spell of one member: in which organisation, with what status, from when to when."""

    organisation = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", *SPELL_FIELDS]


class MembershipSerializer(ModelValidatingSerializer):
    """One spell, read and written with the organisation by slug and the member by code."""

    url = ResourceUrlField(view_name="api:membership-detail")
    organisation = NaturalKeyRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation's slug (brics).",
        error_messages={"does_not_exist": "Unknown organisation: {value}."},
    )
    member = NaturalKeyRelatedField(
        slug_field="code",
        queryset=Member.objects.all(),
        help_text="The member's code (IRN).",
        error_messages={"does_not_exist": "Unknown member code: {value}."},
    )
    family = serializers.CharField(read_only=True, help_text="standing or accession, from the status.")
    start_edtf = serializers.CharField(read_only=True, help_text=EDTF_HELP)
    end_edtf = serializers.CharField(read_only=True, help_text=EDTF_HELP)
    sources = SourceSerializer(
        many=True,
        allow_empty=False,
        help_text="At least one source. On update, when given, the spell's sources become exactly these "
        "(matched by URL).",
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "organisation",
            "member",
            *SPELL_FIELDS[:-1],
            "notes",
            "sources",
        ]
        # Uniqueness and overlap are checked by the model's full_clean(), with the admin's messages.
        validators: list[Any] = []

    def validate_sources(self, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
        urls = [source["url"] for source in sources]
        repeated = sorted({url for url in urls if urls.count(url) > 1})
        if repeated:
            raise serializers.ValidationError(
                f"A spell cites each URL once; repeated: {', '.join(repeated)}."
            )
        return sources

    def create(self, validated_data: dict[str, Any]) -> Membership:
        sources = validated_data.pop("sources")
        return services.membership_create(**validated_data, sources=sources)

    def update(self, instance: Membership, validated_data: dict[str, Any]) -> Membership:
        sources = validated_data.pop("sources", None)
        return services.membership_update(membership=instance, fields=validated_data, sources=sources)


class ChangeSerializer(serializers.Serializer):
    """A join, a departure or a change of status, derived from the spells."""

    date = serializers.DateField(source="day", help_text="The day it happened (a spell's start or end date).")
    change = serializers.ChoiceField(source="kind", choices=ChangeKind.choices)
    organisation = OrganisationBriefSerializer(source="membership.organisation")
    member = MemberBriefSerializer(source="membership.member")
    status = serializers.ChoiceField(
        source="membership.status",
        choices=Status.choices,
        help_text="The status taken (joined, status_changed) or given up (left).",
    )
    previous_status = serializers.ChoiceField(
        choices=Status.choices, allow_null=True, help_text="For status_changed: the status before."
    )
    end_reason = serializers.SerializerMethodField(help_text="For left: why the spell ended.")
    disputed = serializers.BooleanField(source="membership.disputed")
    membership = serializers.IntegerField(source="membership.pk", help_text="The spell's id.")

    @extend_schema_field(serializers.ChoiceField(choices=EndReason.choices, allow_blank=True))
    def get_end_reason(self, change: Change) -> str:
        return change.membership.end_reason if change.kind == ChangeKind.LEFT else ""


class TimelinePointSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The window's first day, or a day on which membership changed.")
    member_count = serializers.IntegerField(help_text="Members holding the statuses asked for on that day.")
