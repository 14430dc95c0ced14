"""The range of days each date of a spell may lie in (`start_earliest` ... `end_latest`).

Existing spells, and their history, get the range their precision implies: a year-precision start of
1 January 1990 may lie anywhere in 1990. The start bounds are then required; the end bounds go with an
end date, as the two constraints say.

On SQLite, making a column NOT NULL rebuilds the table, which drops the (id, history_date) index of
migration 0003 on the history table; the last operation creates it again (a no-op on PostgreSQL).
"""

import calendar
from datetime import date, timedelta

from django.db import migrations, models

HELP = (
    "The range of days the sources allow for this date, when they give it differently; left empty, it is "
    "the date's own period (a month-precision date: any day of that month)."
)


def last_day(day: date, precision: str) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def fill(apps, schema_editor):
    for name in ("Membership", "HistoricalMembership"):
        model = apps.get_model("blocs", name)
        rows = []
        key = "history_id" if name.startswith("Historical") else "pk"
        for row in model.objects.order_by(key).iterator(chunk_size=2000):
            row.start_earliest = row.start_date
            row.start_latest = last_day(row.start_date, row.start_precision)
            if row.end_date is not None:
                row.end_earliest = row.end_date
                row.end_latest = last_day(row.end_date, row.end_precision)
            rows.append(row)
        fields = ["start_earliest", "start_latest", "end_earliest", "end_latest"]
        model.objects.bulk_update(rows, fields, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("blocs", "0003_history_latest_record_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmembership",
            name="end_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest end the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="end: earliest",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="end_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest end the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="end: latest",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="start_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest start the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="start: earliest",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="start_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest start the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="start: latest",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="end_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest end the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="end: earliest",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="end_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest end the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="end: latest",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="start_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest start the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="start: earliest",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="start_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest start the sources allow. The range of days the sources allow for this date, when they give it differently; left empty, it is the date's own period (a month-precision date: any day of that month).",
                null=True,
                verbose_name="start: latest",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalmembership",
            name="start_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest start the sources allow. " + HELP,
                verbose_name="start: earliest",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="start_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest start the sources allow. " + HELP,
                verbose_name="start: latest",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="start_earliest",
            field=models.DateField(
                blank=True,
                help_text="The earliest start the sources allow. " + HELP,
                verbose_name="start: earliest",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="start_latest",
            field=models.DateField(
                blank=True,
                help_text="The latest start the sources allow. " + HELP,
                verbose_name="start: latest",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_earliest__lte", models.F("start_date")),
                    ("start_latest__gte", models.F("start_date")),
                ),
                name="blocs_membership_start_within_bounds",
                violation_error_message="The start date must lie between its earliest and latest bounds.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("end_date__isnull", True),
                        ("end_earliest__isnull", True),
                        ("end_latest__isnull", True),
                    ),
                    models.Q(
                        ("end_earliest__lte", models.F("end_date")), ("end_latest__gte", models.F("end_date"))
                    ),
                    _connector="OR",
                ),
                name="blocs_membership_end_within_bounds",
                violation_error_message="The end date must lie between its earliest and latest bounds, which are given only with an end date.",
            ),
        ),
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS blocs_historicalmembership_id_date "
            "ON blocs_historicalmembership (id, history_date)",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
