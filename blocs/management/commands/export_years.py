"""`python manage.py export_years TABLE PATH`: a COW-compatible year table, with its metadata beside it."""

import io
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs import clock
from blocs.choices import YearRule
from blocs.dates import ParameterError
from blocs.files import write_atomically, write_json_atomically
from blocs.research.year_table_files import YearTableExport
from blocs.research.year_tables import TABLES, year_table


class Command(BaseCommand):
    help = (
        "Export a COW-compatible year table (state-year, igo-year or dyad-year) as CSV to PATH, with its "
        "Frictionless resource descriptor (schema, year rule, years, recorded_at, data version, citation) "
        "in PATH's folder as <name>.resource.json. PATH '-' writes the CSV to standard output only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", help=f"One of {', '.join(TABLES)}.")
        parser.add_argument("path", help="The CSV file to write, or - for standard output.")
        parser.add_argument("--from", dest="first_year", help="First year (default 1816).")
        parser.add_argument("--to", dest="last_year", help="Last year (default: this year).")
        parser.add_argument(
            "--rule",
            help=f"Year rule: {', '.join(YearRule.values)} (default any: highest status in the year).",
        )
        parser.add_argument("--organisation", help="Organisations, comma-separated slugs or COW ionames.")
        parser.add_argument("--member", help="Members, comma-separated codes (IND) or COW state codes (750).")
        parser.add_argument(
            "--recorded-at",
            dest="recorded_at",
            help="Answer as the database stood at this ISO 8601 moment (default: now).",
        )

    def handle(self, *args: Any, table: str, path: str, **options: Any) -> None:
        try:
            request = year_table(
                table,
                now=clock.now(),
                first_year=options["first_year"],
                last_year=options["last_year"],
                rule=options["rule"],
                organisations=options["organisation"],
                members=options["member"],
                recorded_at=options["recorded_at"],
            )
        except ParameterError as error:
            raise CommandError(f"Nothing was written: {error}") from error
        export = YearTableExport(request)
        if path == "-":
            try:
                for chunk in export.csv_chunks():
                    self.stdout.write(chunk.decode(), ending="")
                self.stdout.flush()
            except BrokenPipeError:  # the reader stopped early (`| head`): not an error
                _silence_stdout()
            return
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"Nothing was written: the folder {target.parent} does not exist.")
        digest, size = write_atomically(target, export.csv_chunks())
        stem = target.name.removesuffix(".csv")
        descriptor = export.descriptor(path=target.name, name=_resource_name(stem))
        descriptor["hash"], descriptor["bytes"] = f"sha256:{digest}", size
        write_json_atomically(target.with_name(f"{stem}.resource.json"), descriptor)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {target} ({size:,} bytes) and {stem}.resource.json: {request.table}, "
                f"{request.first_year}-{request.last_year}, rule {request.rule}, as recorded at "
                f"{request.recorded_at.isoformat()}."
            )
        )


def _resource_name(stem: str) -> str:
    # Frictionless names: lower case letters, digits, '-', '_', '.'.
    name = "".join(char if char.isalnum() or char in "-_." else "-" for char in stem.lower())
    return name or "table"


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail on the closed pipe
    again (the recipe of the `signal` module's documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no real file descriptor (a captured stream)
        pass
