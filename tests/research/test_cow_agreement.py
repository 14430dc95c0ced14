"""The curated days against COW's years: the comparison itself, on a small COW file, and the check over the
real fixtures and the real COW IGO-year file, whose figures it prints."""

import gzip
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from blocs.bootstrap import LoadReport, bootstrap, seed_members
from blocs.models import Member, Organisation
from blocs.research.cow_agreement import cow_agreement, report_lines
from tests.factories import OrganisationFactory, spell
from tests.research.conftest import NOW

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def cow_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "igo_year.csv.gz"
    with gzip.open(path, "wt", newline="") as handle:
        handle.write("ioname,orgname,year,usa,canada,version\n" + "".join(f"{row},3.0\n" for row in rows))
    return path


@pytest.fixture
def curated(db):
    seed_members(LoadReport())
    org = OrganisationFactory(
        slug="tst", acronym="TST", founded_on=date(2010, 3, 1), cow_ioname="TST", cow_ionum=9999
    )
    spell(org, Member.objects.get(code="USA"), date(2010, 3, 1))
    spell(org, Member.objects.get(code="CAN"), date(2012, 6, 1), status="observer")
    return org


@pytest.mark.django_db
class TestTheComparison:
    def test_cells_that_agree_and_cells_that_differ(self, curated, tmp_path):
        rows = [f"TST,Test,{year},1,{'3' if year >= 2012 else '0'}" for year in range(2010, 2015)]
        rows[3] = "TST,Test,2013,1,0"  # COW misses Canada's observer status in 2013

        (result,) = cow_agreement(now=NOW, path=cow_file(tmp_path, rows))

        assert (result.compared, result.agreed) == (10, 9)
        assert result.runs() == [("canada", 2013, 2013, "0", "3")]
        assert result.percent == 90.0 and result.below_threshold

    def test_years_only_one_side_codes_count_as_disagreeing(self, curated, tmp_path):
        rows = [f"TST,Test,{year},{'1' if year >= 2010 else '0'},0" for year in range(2008, 2012)]

        (result,) = cow_agreement(now=NOW, path=cow_file(tmp_path, rows))

        assert result.cow_only_years == {2008, 2009}
        assert result.curated_only_years == {2012, 2013, 2014}
        assert result.shared_percent == 100.0
        assert result.percent < 100.0
        assert "years coded by COW only: 2008-2009" in "\n".join(report_lines([result]))

    def test_blank_cow_cells_are_states_not_yet_in_existence(self, curated, tmp_path):
        rows = [f"TST,Test,{year},1,{'3' if year >= 2012 else ''}" for year in range(2010, 2015)]

        (result,) = cow_agreement(now=NOW, path=cow_file(tmp_path, rows))

        assert [run[:3] for run in result.runs()] == [("canada", 2010, 2011)]  # ours 0, COW blank (-1)

    def test_an_organisation_not_matched_to_cow_is_not_compared(self, curated, tmp_path):
        Organisation.objects.filter(slug="tst").update(cow_ioname="")

        assert cow_agreement(now=NOW, path=cow_file(tmp_path, [])) == []

    def test_the_command_names_an_unknown_organisation(self, curated):
        with pytest.raises(CommandError, match="nope"):
            call_command("cow_agreement", organisation="nope")


@pytest.fixture(scope="module")
def agreement(django_db_setup, django_db_blocker) -> Iterator[list]:
    """Every fixture loaded, compared with the real COW IGO-year file, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        bootstrap()
        yield cow_agreement(now=NOW)
        transaction.set_rollback(True)


def agreement_section(slug: str) -> str:
    """The "## Agreement with COW" sections of the notes beside the fixture that defines `slug`."""
    defines = re.compile(rf"^\s+slug: \"?{re.escape(slug)}\"?\s", flags=re.M)
    (fixture,) = [path for path in FIXTURES.glob("*.yaml") if defines.search(path.read_text())]
    text = (FIXTURES / "notes" / f"{fixture.stem}.md").read_text()
    sections = re.findall(r"^## Agreement with COW\b.*?(?=^## |\Z)", text, flags=re.M | re.S)
    return "".join(sections)


@pytest.mark.django_db
class TestTheCuratedFixturesAgainstCow:
    def test_every_matched_organisation_is_compared(self, agreement):
        print("\n" + "\n".join(report_lines(agreement)))  # the figures, with -s or -rP

        matched = set(
            Organisation.objects.exclude(slug__startswith="cow-")
            .exclude(cow_ioname="")
            .values_list("slug", flat=True)
        )
        assert {result.slug for result in agreement} == matched
        assert all(result.compared > 0 for result in agreement)

    def test_each_below_97_percent_says_why_in_its_notes(self, agreement):
        unexplained = {}
        for result in agreement:
            if not result.below_threshold:
                continue
            section = agreement_section(result.slug).lower()
            missing = sorted(state for state in result.differing_states if state not in section)
            if not section or missing:
                unexplained[result.slug] = missing or "no '## Agreement with COW' section"

        assert unexplained == {}


@pytest.mark.django_db
def test_the_command_names_an_unknown_rule(curated):
    with pytest.raises(CommandError, match="rule: unknown rule 'sometimes'"):
        call_command("cow_agreement", rule="sometimes")
