"""The closed vocabularies of the domain. Each is also constrained in the database."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ECONOMIC_BLOC = "economic_bloc", "economic bloc"
    POLITICAL_FORUM = "political_forum", "political forum"
    SECURITY_ALLIANCE = "security_alliance", "security alliance"
    REGIONAL_INTEGRATION = "regional_integration", "regional integration"
    COMMODITY_PRODUCERS = "commodity_producers", "commodity producers"
    OTHER = "other", "other"


class MemberKind(models.TextChoices):
    STATE = "state", "state"
    TERRITORY = "territory", "territory"
    ORGANISATION = "organisation", "organisation"


class Precision(models.TextChoices):
    """How much of a date is known. Month dates are stored as the 1st, year dates as 1 January."""

    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class Family(models.TextChoices):
    """Statuses of one family never overlap for the same organisation and member; families may."""

    STANDING = "standing", "standing"
    ACCESSION = "accession", "accession"


class Status(models.TextChoices):
    # standing
    MEMBER = "member", "member"
    ASSOCIATE = "associate", "associate"
    OBSERVER = "observer", "observer"
    PARTNER = "partner", "partner"
    DIALOGUE_PARTNER = "dialogue_partner", "dialogue partner"
    SUSPENDED = "suspended", "suspended"
    UNKNOWN = "unknown", "unknown"
    # accession
    INVITED = "invited", "invited"
    APPLICANT = "applicant", "applicant"
    CANDIDATE = "candidate", "candidate"

    @property
    def family(self) -> Family:
        return family_of(self.value)


ACCESSION_STATUSES: tuple[str, ...] = (Status.INVITED, Status.APPLICANT, Status.CANDIDATE)
STANDING_STATUSES: tuple[str, ...] = tuple(s for s in Status.values if s not in ACCESSION_STATUSES)
STATUSES_BY_FAMILY: dict[str, tuple[str, ...]] = {
    Family.STANDING: STANDING_STATUSES,
    Family.ACCESSION: ACCESSION_STATUSES,
}


def family_of(status: str) -> Family:
    """The family a status belongs to."""
    return Family.ACCESSION if status in ACCESSION_STATUSES else Family.STANDING


class EndReason(models.TextChoices):
    WITHDREW = "withdrew", "withdrew"
    EXPELLED = "expelled", "expelled"
    DECLINED = "declined", "declined (an invitation)"
    STATUS_CHANGED = "status_changed", "status changed"
    ORGANISATION_DISSOLVED = "organisation_dissolved", "organisation dissolved"
    MEMBER_DISSOLVED = "member_dissolved", "member dissolved"
    OTHER = "other", "other"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "supports the spell"
    CONTRADICTS = "contradicts", "contradicts the spell"


class ChangeKind(models.TextChoices):
    """What happened on a date: derived from spells, never stored."""

    JOINED = "joined", "joined"
    LEFT = "left", "left"
    STATUS_CHANGED = "status_changed", "status changed"
