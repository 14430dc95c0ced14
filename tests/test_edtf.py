"""A spell's dates in EDTF (ISO 8601-2), as the API, CSV and data package write them; each string is read
back with the `edtf` library, so what is written is valid EDTF that means the range it was made from."""

from datetime import date

import pytest
from edtf import parse_edtf

from blocs.models import edtf_date


@pytest.mark.parametrize(
    ("args", "written"),
    [
        ((date(2017, 6, 9), "day", None, None), "2017-06-09"),
        ((date(2007, 10, 1), "month", None, None), "2007-10"),
        ((date(2008, 1, 1), "year", date(2008, 1, 1), date(2008, 12, 31)), "2008"),
        ((date(2009, 6, 16), "day", date(2009, 6, 16), date(2010, 4, 28)), "[2009-06-16..2010-04-28]"),
        ((date(2007, 10, 1), "month", date(2007, 10, 1), date(2007, 11, 30)), "[2007-10-01..2007-11-30]"),
        ((None, "", None, None), ""),
    ],
)
def test_each_date_is_written_as_the_range_it_stands_for(args, written):
    assert edtf_date(*args) == written


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("2017-06-09", date(2017, 6, 9), date(2017, 6, 9)),
        ("2007-10", date(2007, 10, 1), date(2007, 10, 31)),
        ("2008", date(2008, 1, 1), date(2008, 12, 31)),
        ("[2009-06-16..2010-04-28]", date(2009, 6, 16), date(2010, 4, 28)),
    ],
)
def test_the_edtf_library_reads_back_the_same_range(written, first, last):
    parsed = parse_edtf(written)

    assert (date(*parsed.lower_strict()[:3]), date(*parsed.upper_strict()[:3])) == (first, last)
