"""Placing spells and counts on a time axis (blocs.charts): pure geometry, no database."""

from datetime import date

from blocs import charts


class TestAxisBounds:
    def test_runs_from_the_first_of_january_of_the_earliest_year_to_today(self):
        first, last = charts.axis_bounds(
            starts=[date(2009, 6, 16)], ends=[date(2023, 12, 22)], today=date(2025, 10, 1), closed_on=None
        )

        assert (first, last) == (date(2009, 1, 1), date(2025, 10, 1))

    def test_ends_after_the_dissolution_of_a_dissolved_organisation(self):
        first, last = charts.axis_bounds(
            starts=[date(1996, 4, 26)],
            ends=[date(2001, 6, 15)],
            today=date(2025, 10, 1),
            closed_on=date(2001, 6, 15),
        )

        assert (first, last) == (date(1996, 1, 1), date(2002, 1, 1))

    def test_reaches_a_spell_recorded_beyond_today(self):
        _, last = charts.axis_bounds(
            starts=[date(2020, 1, 1), date(2026, 1, 1)], ends=[], today=date(2025, 10, 1), closed_on=None
        )

        assert last == date(2026, 1, 1)


class TestYearTicks:
    def test_marks_every_second_year_over_seventeen_years(self):
        axis = charts.Axis(date(2009, 1, 1), date(2025, 10, 1), 0, 100)

        assert [tick.label for tick in charts.year_ticks(axis)] == [
            str(year) for year in range(2010, 2026, 2)
        ]

    def test_marks_every_year_over_a_short_life(self):
        axis = charts.Axis(date(1996, 1, 1), date(2002, 1, 1), 0, 100)

        assert [tick.label for tick in charts.year_ticks(axis)] == [str(year) for year in range(1996, 2003)]

    def test_never_marks_more_than_twelve_years(self):
        axis = charts.Axis(date(1816, 1, 1), date(2025, 10, 1), 0, 100)

        assert len(charts.year_ticks(axis)) <= 12

    def test_labels_at_the_edges_are_anchored_inside_the_plot(self):
        axis = charts.Axis(date(1996, 1, 1), date(2002, 1, 1), 0, 100)

        ticks = charts.year_ticks(axis)

        assert (ticks[0].anchor, ticks[len(ticks) // 2].anchor, ticks[-1].anchor) == (
            "start",
            "middle",
            "end",
        )


class TestSampleDays:
    def test_samples_months_and_ends_today(self):
        days = charts.sample_days(date(2024, 11, 15), date(2025, 2, 10))

        assert days == [
            date(2024, 11, 1),
            date(2024, 12, 1),
            date(2025, 1, 1),
            date(2025, 2, 1),
            date(2025, 2, 10),
        ]

    def test_never_samples_more_than_the_limit_whatever_the_span(self):
        days = charts.sample_days(date(1816, 1, 1), date(2025, 10, 1))

        assert len(days) <= 200
        assert days[-1] == date(2025, 10, 1)


class TestSparkline:
    def test_draws_steps_from_the_first_count_to_the_last(self):
        line = charts.sparkline([(date(2000, 1, 1), 2), (date(2010, 1, 1), 4), (date(2020, 1, 1), 4)])

        assert line.path.startswith("M3.0 14.0")
        assert line.path.endswith("V3.0")
        assert (line.first_count, line.last_count, line.peak) == (2, 4, 4)

    def test_needs_two_points(self):
        assert charts.sparkline([(date(2000, 1, 1), 2)]) is None


class TestCountSeries:
    def test_starts_at_the_founding_and_drops_to_zero_at_the_dissolution(self):
        days = [date(1995, 1, 1), date(1998, 1, 1), date(2001, 1, 1), date(2004, 1, 1)]
        counts = {date(1995, 1, 1): 0, date(1998, 1, 1): 5, date(2001, 1, 1): 5, date(2004, 1, 1): 0}

        series = charts.count_series(counts, days=days, born=date(1996, 4, 26), closed_on=date(2001, 6, 15))

        assert series == [(date(1998, 1, 1), 5), (date(2001, 1, 1), 5), (date(2001, 6, 15), 0)]
