"""The status colours of the charts and legends stay apart for readers with a colour-vision deficiency.

The colours are the custom properties of `static/blocs/site.css` (`--member`, `--observer`, ...). Each is
simulated as seen with full protanopia, deuteranopia and tritanopia (Machado et al. 2009, through
colorspacious), and every pair must stay at least `MIN_DISTANCE` apart in CAM02-UCS, where about 1 is the
smallest difference most people notice side by side. Disputed spells do not rely on colour (hatching).
"""

import itertools
import re
from pathlib import Path

import pytest
from colorspacious import cspace_convert, deltaE

from blocs.choices import Status

CSS = Path(__file__).resolve().parents[2] / "static" / "blocs" / "site.css"
MIN_DISTANCE = 10
DEFICIENCIES = ["protanomaly", "deuteranomaly", "tritanomaly"]


def status_colours() -> dict[str, tuple[float, float, float]]:
    declared = dict(re.findall(r"--([a-z-]+):\s*#([0-9a-fA-F]{6})\s*;", CSS.read_text()))
    colours = {}
    for status in Status.values:
        hex_value = declared[status.replace("_", "-")]
        colours[status] = tuple(int(hex_value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colours


def seen_with(deficiency: str | None, colour: tuple[float, float, float]) -> list[float]:
    if deficiency is None:
        return list(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return [min(1.0, max(0.0, value)) for value in cspace_convert(colour, space, "sRGB1")]


def test_every_status_has_a_colour_of_its_own():
    colours = status_colours()

    assert set(colours) == set(Status.values)
    assert len(set(colours.values())) == len(colours)


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_every_pair_of_status_colours_stays_distinguishable(deficiency):
    colours = status_colours()

    too_close = [
        (first, second, round(distance, 1))
        for (first, one), (second, other) in itertools.combinations(colours.items(), 2)
        if (distance := deltaE(seen_with(deficiency, one), seen_with(deficiency, other), input_space="sRGB1"))
        < MIN_DISTANCE
    ]

    assert too_close == []


def test_the_check_would_catch_two_colours_only_hue_tells_apart():
    # Red and green of equal lightness merge for a deuteranope: the measure must say so.
    red, green = (0.8, 0.3, 0.3), (0.45, 0.55, 0.3)

    assert deltaE(red, green, input_space="sRGB1") > MIN_DISTANCE
    assert (
        deltaE(seen_with("deuteranomaly", red), seen_with("deuteranomaly", green), input_space="sRGB1")
        < MIN_DISTANCE
    )
