"""ISO 8601 dates for the project's language: shown as 2025-01-06 and read first in that form (the
calendar widget writes the first input format). Day-first British dates are still accepted when typed."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
