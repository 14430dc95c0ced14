"""COW-compatible year tables: layouts, codes, year rules, existence, filters and streaming."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blocs.dates import ParameterError
from blocs.research.year_table_files import CHUNK_BYTES, YearTableExport
from blocs.research.year_tables import year_table
from tests.conftest import load_reference_data
from tests.factories import MemberFactory, OrganisationFactory, spell
from tests.research.conftest import NOW, read_csv


def export(table: str, **params) -> list[list[str]]:
    return read_csv(b"".join(YearTableExport(year_table(table, now=NOW, **params)).csv_chunks()))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def world(db):
    """A forum founded in 2001 (COW does not code it), a COW-coded alliance, and four members."""
    forum = OrganisationFactory(slug="forum", acronym="FORUM", name="The Forum", founded_on=date(2001, 6, 15))
    alliance = OrganisationFactory(
        slug="alliance",
        acronym="ALLY",
        name="The Alliance",
        founded_on=date(1949, 1, 1),
        founded_precision="year",
        cow_ioname="NATO",
        cow_ionum=3700,
    )
    members = {code: MemberFactory(code=code, name=code) for code in ["IND", "CHN", "RUS", "SUN"]}
    return forum, alliance, members


@pytest.mark.django_db
class TestStateYear:
    def test_has_cows_layout_with_cow_organisations_first(self, world):
        rows = export("state-year", first_year="2000", last_year="2000", members="IND")

        assert rows[0] == ["ccode", "year", "state", "nato", "forum"]

    def test_codes_the_status_held_and_minus_one_before_the_founding(self, world):
        forum, _, members = world
        spell(forum, members["IND"], date(2001, 6, 15), date(2017, 6, 9), status="observer")
        spell(forum, members["IND"], date(2017, 6, 9))

        rows = as_dicts(export("state-year", first_year="2000", last_year="2018", members="IND"))

        assert [
            (row["year"], row["forum"]) for row in rows if row["year"] in {"2000", "2001", "2016", "2017"}
        ] == [
            ("2000", "-1"),
            ("2001", "3"),
            ("2016", "3"),
            ("2017", "1"),
        ]

    def test_rows_only_for_years_the_state_is_in_the_system(self, world):
        rows = as_dicts(export("state-year", first_year="1945", last_year="1948", members="IND"))

        assert [(row["ccode"], row["year"], row["state"]) for row in rows] == [
            ("750", "1947", "india"),
            ("750", "1948", "india"),
        ]

    def test_the_end_rule_reads_31_december(self, world):
        forum, _, members = world
        spell(forum, members["IND"], date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(forum, members["IND"], date(2017, 6, 9))

        rows = as_dicts(export("state-year", first_year="2005", last_year="2005", members="IND", rule="end"))

        assert rows[0]["forum"] == "3"

    def test_the_start_rule_reads_1_january(self, world):
        forum, _, members = world
        spell(forum, members["IND"], date(2005, 7, 5), date(2017, 6, 9), status="observer")
        spell(forum, members["IND"], date(2017, 6, 9))

        rows = as_dicts(
            export("state-year", first_year="2005", last_year="2017", members="IND", rule="start")
        )

        assert (rows[0]["forum"], rows[-1]["forum"]) == ("0", "3")

    def test_cow_code_365_carries_the_ussr_then_russia(self, world):
        _, alliance, members = world
        spell(alliance, members["SUN"], date(1960, 1, 1), date(1991, 12, 26))
        spell(alliance, members["RUS"], date(1991, 12, 26), status="observer")

        rows = as_dicts(export("state-year", first_year="1990", last_year="1992", members="RUS"))

        assert [(row["ccode"], row["year"], row["state"], row["nato"]) for row in rows] == [
            ("365", "1990", "russia", "1"),
            ("365", "1991", "russia", "1"),
            ("365", "1992", "russia", "3"),
        ]

    def test_a_member_cow_does_not_code_comes_under_its_own_code(self, world):
        forum, _, _ = world
        union = OrganisationFactory(slug="union", acronym="EU", name="Union", founded_on=date(1993, 11, 1))
        eu = MemberFactory(code="EU", name="European Union", kind="organisation", organisation=union)
        spell(forum, eu, date(2001, 6, 15))

        rows = as_dicts(export("state-year", first_year="1992", last_year="2001", organisations="forum"))

        eu_rows = [row for row in rows if row["state"] == "EU"]
        assert [(row["ccode"], row["year"], row["forum"]) for row in eu_rows][:2] == [
            ("", "1993", "-1"),
            ("", "1994", "-1"),
        ]
        assert eu_rows[-1]["forum"] == "1"

    def test_every_cow_state_by_default(self, world):
        rows = as_dicts(export("state-year", first_year="2000", last_year="2000"))

        assert {row["ccode"] for row in rows} == {"750", "710", "365"}

    def test_organisations_by_slug_or_cow_ioname(self, world):
        rows = export("state-year", first_year="2000", last_year="2000", organisations="nato,FORUM")

        assert rows[0][3:] == ["nato", "forum"]


@pytest.mark.django_db
class TestIgoYear:
    def test_has_cows_layout_with_one_column_per_state(self, world):
        rows = export("igo-year", first_year="2001", last_year="2001", organisations="forum")

        assert rows[0] == ["ioname", "orgname", "year", "china", "india", "russia", "ionum", "slug"]

    def test_one_row_per_year_the_organisation_exists(self, world):
        rows = as_dicts(export("igo-year", first_year="1999", last_year="2002", organisations="forum"))

        assert [row["year"] for row in rows] == ["2001", "2002"]

    def test_codes_each_state_in_its_own_column(self, world):
        _, alliance, members = world
        spell(alliance, members["CHN"], date(1949, 1, 1), start_precision="year")

        rows = as_dicts(export("igo-year", first_year="1949", last_year="1949", organisations="nato"))

        assert (rows[0]["china"], rows[0]["india"], rows[0]["russia"]) == ("1", "0", "0")

    def test_cows_names_and_numbers_identify_the_organisation(self, world):
        rows = as_dicts(export("igo-year", first_year="1950", last_year="1950", organisations="nato"))

        assert (rows[0]["ioname"], rows[0]["orgname"], rows[0]["ionum"], rows[0]["slug"]) == (
            "NATO",
            "The Alliance",
            "3700",
            "alliance",
        )

    def test_a_member_not_yet_in_the_system_is_minus_one(self, world):
        OrganisationFactory(
            slug="nations", acronym="UN", name="United Nations", founded_on=date(1945, 10, 24)
        )

        rows = as_dicts(export("igo-year", first_year="1946", last_year="1946", organisations="nations"))

        assert (rows[0]["china"], rows[0]["india"]) == ("0", "-1")


@pytest.mark.django_db
class TestDyadYear:
    def test_joint_full_membership_is_one(self, world):
        forum, _, members = world
        spell(forum, members["IND"], date(2001, 6, 15))
        spell(forum, members["CHN"], date(2001, 6, 15))
        spell(forum, members["RUS"], date(2001, 6, 15), status="observer")

        rows = as_dicts(export("dyad-year", first_year="2002", last_year="2002", organisations="forum"))

        assert {(row["state1"], row["state2"]): row["forum"] for row in rows} == {
            ("russia", "china"): "0",
            ("russia", "india"): "0",
            ("china", "india"): "1",
        }

    def test_missing_data_is_minus_nine_unless_one_is_known_not_to_be_a_member(self, world):
        forum, _, members = world
        spell(forum, members["IND"], date(2001, 6, 15))
        spell(forum, members["CHN"], date(2001, 6, 15), status="unknown")

        rows = as_dicts(export("dyad-year", first_year="2002", last_year="2002", organisations="forum"))

        assert {(row["state1"], row["state2"]): row["forum"] for row in rows} == {
            ("russia", "china"): "0",
            ("russia", "india"): "0",
            ("china", "india"): "-9",
        }

    def test_an_organisation_that_does_not_exist_is_minus_one(self, world):
        rows = as_dicts(export("dyad-year", first_year="2000", last_year="2000", organisations="forum"))

        assert {row["forum"] for row in rows} == {"-1"}

    def test_has_cows_dyadic_layout(self, world):
        rows = export("dyad-year", first_year="2000", last_year="2000", members="IND,CHN")

        assert rows[0] == ["ccode1", "ccode2", "year", "state1", "state2", "nato", "forum"]
        assert rows[1][:5] == ["710", "750", "2000", "china", "india"]


@pytest.mark.django_db
class TestStreaming:
    def test_chunks_are_about_64_kib_and_make_the_whole_file(self, world):
        load_reference_data()  # every COW state
        request = year_table("state-year", now=NOW, first_year="1816", last_year="2024")

        chunks = list(YearTableExport(request).csv_chunks())

        assert len(chunks) > 2
        assert all(CHUNK_BYTES <= len(chunk) < CHUNK_BYTES + 4096 for chunk in chunks[:-1])

    def test_queries_do_not_grow_with_the_years(self, world):
        def queries(last_year: str) -> int:
            request = year_table("state-year", now=NOW, first_year="1950", last_year=last_year, members="IND")
            with CaptureQueriesContext(connection) as captured:
                b"".join(YearTableExport(request).csv_chunks())
            return len(captured)

        assert queries("1960") == queries("2024")


@pytest.mark.django_db
class TestBadRequests:
    @pytest.mark.parametrize(
        ("params", "parameter", "message"),
        [
            ({"first_year": "1815"}, "from", "1815 is outside 1816..2025"),
            ({"last_year": "2031"}, "to", "2031 is outside 1816..2025"),
            ({"first_year": "twenty"}, "from", "'twenty' is not a year"),
            ({"first_year": "2000", "last_year": "1990"}, "from", "the first year (2000) is after the last"),
            ({"rule": "middle"}, "rule", "unknown rule 'middle': expected one of any, end, start"),
            ({"organisations": "brics,nope"}, "organisation", "unknown organisation(s) brics, nope"),
            ({"members": "IND,XXX,999"}, "member", "unknown member(s) XXX, COW state code 999"),
            ({"recorded_at": "yesterday"}, "recorded_at", "'yesterday' is not an ISO 8601 date and time"),
            ({"recorded_at": "2030-01-01T00:00:00Z"}, "recorded_at", "is in the future"),
        ],
    )
    def test_names_the_parameter_and_what_is_wrong(self, world, params, parameter, message):
        with pytest.raises(ParameterError) as error:
            year_table("state-year", now=NOW, **params)

        assert error.value.parameter == parameter
        assert message in error.value.message

    def test_an_unknown_table(self, world):
        with pytest.raises(ParameterError, match="unknown table 'state-month'"):
            year_table("state-month", now=NOW)


@pytest.mark.django_db
def test_a_formula_in_an_organisations_name_is_neutralised_and_codes_stay_numbers(world):
    forum, _alliance, _members = world
    forum.name = '=HYPERLINK("http://evil.example","x")'
    forum.save()

    rows = as_dicts(export("igo-year", first_year="2001", last_year="2001", organisations="forum"))

    assert rows[0]["orgname"] == '\'=HYPERLINK("http://evil.example","x")'
    codes = [
        value for key, value in rows[0].items() if key not in ("ioname", "orgname", "year", "ionum", "slug")
    ]
    assert codes and set(codes) <= {"-1", "0", "1", "2", "3", "-9"}  # codes stay numbers, never "'-1"
