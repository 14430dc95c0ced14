"""The closed vocabularies of the domain. Each is also constrained in the database."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ECONOMIC_BLOC = "economic_bloc", "economic bloc"
    POLITICAL_FORUM = "political_forum", "political forum"
    SECURITY_ALLIANCE = "security_alliance", "security alliance"
    REGIONAL_INTEGRATION = "regional_integration", "regional integration"
    COMMODITY_PRODUCERS = "commodity_producers", "commodity producers"
    OTHER = "other", "other"


# Organisations the COW import creates (known only from COW's years) have slugs starting with this.
COW_SLUG_PREFIX = "cow-"


class Coverage(models.TextChoices):
    """How an organisation's spells were made: curated from sources, or imported from COW's years."""

    CURATED = "curated", "curated: dated to the day where the sources allow, every spell sourced"
    COW = "cow", "imported from COW IGO v3: years, to 2014"


class Reading(models.TextChoices):
    """How to read "active on D" when the sources give a date as a range or dispute a spell
    (`blocs.querysets.held_on_q`): certain ⊆ likely ⊆ possible."""

    CERTAIN = "certain", "certain: held on D whatever date in its ranges is true; not disputed"
    LIKELY = "likely", "likely: held on D by the best-supported dates; not disputed"
    POSSIBLE = "possible", "possible: held on D by some date its sources allow; disputed spells too"


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


class YearRule(models.TextChoices):
    """Which days of a year decide its code in the year tables (state-year, IGO-year, dyad-year)."""

    ANY = "any", "the highest status held on any day of the year"
    END = "end", "the status held on 31 December"
    START = "start", "the status held on 1 January"


class CowCode(models.IntegerChoices):
    """The cell codes of the Correlates of War IGO data, which the year tables use."""

    MEMBER = 1, "full membership"
    ASSOCIATE = 2, "associate membership"
    OBSERVER = 3, "observer"
    NONE = 0, "no membership"
    MISSING = -9, "missing data"
    NOT_IN_EXISTENCE = (
        -1,
        "not in existence (the state is not in the state system, or the IGO does not exist)",
    )


# The statuses that carry a COW code; every other status (partner, dialogue partner, the accession
# statuses) is 0 in the year tables. A suspended member remains a member whose rights are suspended, so it
# is coded as full membership.
COW_CODE_BY_STATUS: dict[str, int] = {
    Status.MEMBER: CowCode.MEMBER,
    Status.SUSPENDED: CowCode.MEMBER,
    Status.ASSOCIATE: CowCode.ASSOCIATE,
    Status.OBSERVER: CowCode.OBSERVER,
    Status.UNKNOWN: CowCode.MISSING,
}
# The status an imported COW cell becomes (0 and -1 make no spell).
STATUS_BY_COW_CODE: dict[int, str] = {
    CowCode.MEMBER: Status.MEMBER,
    CowCode.ASSOCIATE: Status.ASSOCIATE,
    CowCode.OBSERVER: Status.OBSERVER,
    CowCode.MISSING: Status.UNKNOWN,
}
# When several statuses touch one year, the highest wins: member > associate > observer > missing > none.
COW_CODE_RANK: dict[int, int] = {
    CowCode.MEMBER: 4,
    CowCode.ASSOCIATE: 3,
    CowCode.OBSERVER: 2,
    CowCode.MISSING: 1,
    CowCode.NONE: 0,
}
