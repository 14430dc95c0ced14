"""`python manage.py import_cow_igo PATH`: import COW IGO v3 from its state-year file."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs import clock
from blocs.research.cow_import import CowImportError, import_cow_igo


class Command(BaseCommand):
    help = (
        "Import the Correlates of War IGO v3 state-year file (state_year_format3.csv, plain or gzipped): "
        "its organisations, and one year-precision spell per run of years with one code. Curated spells "
        "win; running it twice creates nothing; a bad file writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The state-year file, e.g. data/cow/state_year_format3.csv.gz")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bars, even on a terminal."
        )

    def handle(self, *args: Any, path: str, no_progress: bool = False, **options: Any) -> None:
        try:
            report = import_cow_igo(path, now=clock.now(), progress=False if no_progress else None)
        except CowImportError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if int(options.get("verbosity", 1)) > 1:
            for acronym, members in sorted(report.curated_pairs.items()):
                self.stdout.write(f"  curated in {acronym}: {', '.join(sorted(members))}")
        self.stdout.write(
            self.style.SUCCESS(f"{report.created:,} rows created.")
            if report.created
            else "Nothing to do: the database already holds this data."
        )
