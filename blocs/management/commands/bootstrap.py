"""`python manage.py bootstrap`: load the reference data, idempotently and atomically."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs.bootstrap import BootstrapError, bootstrap


class Command(BaseCommand):
    help = (
        "Seed members from ISO 3166 and the COW state system, then load every curated fixture in "
        "fixtures/. Writes only what changed; running it twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success.")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        try:
            report = bootstrap()
        except BootstrapError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if quiet:
            return
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"{report.changed} rows written.")
            if report.changed
            else "Nothing to do: the database already holds the reference data."
        )
