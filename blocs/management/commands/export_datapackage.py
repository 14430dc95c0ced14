"""`python manage.py export_datapackage PATH`: the citable bulk download, as a folder or a .zip file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs import clock
from blocs.dates import ParameterError
from blocs.research.datapackage import PackageTargetError, datapackage_tables, write_datapackage


class Command(BaseCommand):
    help = (
        "Write every table as CSV with a Frictionless datapackage.json (schemas, licence, citation, export "
        "time, content hash) and a CITATION.cff, to the folder PATH (new or empty) or to PATH.zip. With "
        "--recorded-at, the data as the database stood at that moment: the same bytes every time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A new (or empty) folder, or a file name ending in .zip.")
        parser.add_argument(
            "--recorded-at", dest="recorded_at", help="ISO 8601 moment to read the data as recorded at."
        )
        parser.add_argument(
            "--dyad-year", action="store_true", help="Include the dyad-year table too (it is large)."
        )

    def handle(self, *args: Any, path: str, recorded_at: str | None, dyad_year: bool, **options: Any) -> None:
        verbose = int(options.get("verbosity", 1)) > 1
        try:
            package = write_datapackage(
                Path(path),
                now=clock.now(),
                recorded_at=recorded_at,
                dyad_year=dyad_year,
                progress=(lambda name: self.stderr.write(f"writing {name}")) if verbose else None,
            )
        except (ParameterError, PackageTargetError) as error:
            raise CommandError(f"Nothing was written: {error}") from error
        tables = ", ".join(datapackage_tables(dyad_year=dyad_year))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {tables}; as recorded at {package['blocs']['recorded_at']}, content hash "
                f"{package['blocs']['content_hash']}."
            )
        )
