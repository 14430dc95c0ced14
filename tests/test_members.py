"""Members seeded from ISO 3166 and the COW state system, and the COW crosswalk's tricky cases."""

import pytest

from blocs.bootstrap import LoadReport, seed_members
from blocs.countries import crosswalk, member_code_for, member_records
from blocs.models import Member


class TestCrosswalk:
    def test_serbia_continues_yugoslavias_code_345(self):
        assert member_code_for(345, 1990) == "YUG"
        assert member_code_for(345, 2004) == "SCG"
        assert member_code_for(345, 2014) == "SRB"

    def test_the_two_germanies(self):
        assert member_code_for(255, 1930) == "DEU"
        assert member_code_for(260, 1970) == "DEU"  # ISO's DEU continues the Federal Republic
        assert member_code_for(265, 1970) == "DDR"
        assert member_code_for(255, 2000) == "DEU"

    def test_yemen_north_continues_south_ends(self):
        assert member_code_for(678, 1980) == "YEM"
        assert member_code_for(680, 1980) == "YMD"
        assert member_code_for(679, 2000) == "YEM"

    def test_vietnam_follows_iso_codes(self):
        assert member_code_for(816, 1970) == "VDR"
        assert member_code_for(817, 1970) == "VNM"
        assert member_code_for(816, 1980) == "VNM"

    def test_the_ussr_sits_between_two_russias(self):
        assert [member_code_for(365, year) for year in (1900, 1950, 2000)] == ["RUS", "SUN", "RUS"]

    def test_no_cow_state_maps_to_two_members_in_one_year(self):
        for row in crosswalk():
            for year in (row.first_year, row.last_year or 2016):
                codes = {
                    other.member_code
                    for other in crosswalk()
                    if other.cow_code == row.cow_code and other.covers(year)
                }
                assert len(codes) == 1, (row.cow_code, year, codes)

    def test_a_member_holds_two_cow_codes_only_in_a_year_of_unification(self):
        # COW's German Federal Republic ends on 1990-10-02 and Germany starts on 1990-10-03; the
        # Yemen Arab Republic ends on 1990-05-21 and Yemen starts on 1990-05-22.
        clashes = {}
        for year in range(1816, 2017):
            holders: dict[str, set[int]] = {}
            for row in crosswalk():
                if row.covers(year):
                    holders.setdefault(row.member_code, set()).add(row.cow_code)
            clashes.update({(year, code): cows for code, cows in holders.items() if len(cows) > 1})
        assert clashes == {(1990, "DEU"): {255, 260}, (1990, "YEM"): {678, 679}}

    def test_every_cow_state_has_a_member(self):
        mapped = {row.cow_code for row in crosswalk()}
        assert len(mapped) == 217


@pytest.fixture(scope="module")
def records():
    return {record.code: record for record in member_records()}


class TestMemberRecords:
    def test_every_current_iso_country_is_a_member(self, records):
        import pycountry

        assert {country.alpha_3 for country in pycountry.countries} <= set(records)

    def test_former_states_are_historical_states(self, records):
        for code in ("SUN", "YUG", "CSK", "DDR", "YMD", "VDR", "SCG"):
            assert (records[code].kind, records[code].historical) == ("state", True), code

    def test_a_renamed_state_is_one_member_with_its_former_code(self, records):
        assert "BUR" not in records
        assert records["MMR"].former_codes == ["BUR"]

    def test_states_and_territories(self, records):
        assert records["TWN"].kind == "state"
        assert records["PSE"].kind == "state"
        assert records["PRI"].kind == "territory"
        assert records["GRL"].kind == "territory"

    def test_cow_codes_and_abbreviations(self, records):
        assert (records["USA"].cow_code, records["USA"].cow_abbrev) == (2, "USA")
        assert (records["SRB"].cow_code, records["YUG"].cow_code) == (345, 345)
        assert records["DEU"].cow_code == 255

    def test_states_iso_never_coded_come_from_cow(self, records):
        assert records["COW-BAV"].name == "Bavaria"
        assert records["COW-BAV"].historical
        assert records["XKX"].name == "Kosovo"

    def test_names_read_naturally(self, records):
        assert records["IRN"].name == "Iran"
        assert records["RUS"].name == "Russia"
        assert records["TWN"].official_name == ""


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed_members(LoadReport())
    history_rows = Member.history.count()

    report = LoadReport()
    seed_members(report)

    assert report.changed == 0
    assert Member.history.count() == history_rows
