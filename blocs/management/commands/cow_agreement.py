"""`python manage.py cow_agreement`: how far the curated days agree with COW's years, 1816-2014."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs import clock
from blocs.choices import YearRule
from blocs.dates import ParameterError
from blocs.research.cow_agreement import THRESHOLD, cow_agreement, matched_organisations, report_lines


class Command(BaseCommand):
    help = (
        "Compare the IGO-year table exported for 1816-2014 with the original COW IGO v3 cells, for every "
        "curated organisation matched to a COW IGO: the agreement per organisation, and the differing "
        f"cells (runs of years) of those below {THRESHOLD:g}%."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Only these organisations, comma-separated slugs.")
        parser.add_argument(
            "--rule", default=YearRule.ANY, help=f"Year rule: {', '.join(YearRule.values)} (default any)."
        )
        parser.add_argument(
            "--details", action="store_true", help="List the differing cells of every organisation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = [slug.strip() for slug in (options["organisation"] or "").split(",") if slug.strip()]
        known = {org.slug for org in matched_organisations()}
        unknown = sorted(set(slugs) - known)
        if unknown:
            raise CommandError(
                f"No curated organisation matched to a COW IGO has the slug {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known)) or 'none (run `python manage.py bootstrap`)'}."
            )
        try:
            results = cow_agreement(now=clock.now(), slugs=slugs, rule=options["rule"])
        except ParameterError as error:
            raise CommandError(str(error)) from error
        if not results:
            raise CommandError("No curated organisation is matched to a COW IGO: run `bootstrap` first.")
        for line in report_lines(results, details=options["details"]):
            self.stdout.write(line)
        below = [result.slug for result in results if result.below_threshold]
        self.stdout.write(
            f"{len(results)} organisations compared; {len(below)} below {THRESHOLD:g}%"
            + (f" ({', '.join(below)}; their notes say why)." if below else ".")
        )
