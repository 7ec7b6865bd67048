"""The chart palette: series drawn together stay apart in colour for viewers with deuteranopia or
protanopia, and residual vs plain is told by line style and marker too, never by hue alone."""

from __future__ import annotations

import itertools

import pytest

from resnet_explorer import palette

from .colour_vision import MACHADO_2009, ciede2000, delta_e

# Sharma, Wu & Dalal (2005), Table 1: pairs 1, 2, 7, 13, 14, 17, 19, 20, 21, 22, 23, 24 (L, a, b; ΔE00).
SHARMA_2005 = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0010), 7.1792),
    ((50.0, -0.001, 2.49), (50.0, 0.0009, -2.49), 4.8045),
    ((50.0, -0.001, 2.49), (50.0, 0.0011, -2.49), 4.7461),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
]
VISIONS = list(MACHADO_2009)  # normal, deuteranopia, protanopia
KIND_GROUPS = ("kind", "degradation", "sweep")  # the groups whose series are plain or residual nets


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA_2005)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_keeps_white_grey_and_black():
    for vision, m in MACHADO_2009.items():
        if m is not None:
            assert all(sum(row) == pytest.approx(1.0, abs=1e-3) for row in m), vision
        for neutral in ("#ffffff", "#808080", "#000000"):
            seen = delta_e(neutral, "#000000", vision)
            assert seen == pytest.approx(delta_e(neutral, "#000000"), abs=0.05), (vision, neutral)


def minimum_delta_e(vision: str) -> tuple[float, str]:
    """The closest two colours of any group under `vision`, and which."""
    return min((delta_e(a.color, b.color, vision), f"{group}: {ra} vs {rb}")
               for group, roles in palette.GROUPS.items()
               for (ra, a), (rb, b) in itertools.combinations(roles.items(), 2))


@pytest.mark.parametrize("vision", VISIONS)
def test_series_drawn_together_stay_apart_in_colour(vision):
    closest, pair = minimum_delta_e(vision)
    assert closest >= palette.MIN_DELTA_E, f"{pair}: ΔE00 {closest:.1f} under {vision}"


def test_every_colour_stands_out_from_a_white_page():
    for group, roles in palette.GROUPS.items():
        for role, s in roles.items():
            for vision in VISIONS:
                assert delta_e(s.color, "#ffffff", vision) >= 20, (group, role, vision)


def test_no_two_series_of_a_chart_share_a_marker_or_the_whole_look():
    for group, roles in palette.GROUPS.items():
        symbols = [s.symbol for s in roles.values()]
        assert len(set(symbols)) == len(symbols), group
        assert len(set(roles.values())) == len(roles), group


def test_residual_and_plain_differ_in_dash_and_marker_everywhere():
    for group in KIND_GROUPS:
        for role, s in palette.GROUPS[group].items():
            assert (s.dash == palette.PLAIN_DASH) == role.startswith("plain"), (group, role)
    for residual, plain in [(palette.kind(True), palette.kind(False)),
                            (palette.style("lab", "net"), palette.style("lab", "twin"))]:
        assert residual.dash != plain.dash and residual.symbol != plain.symbol


def test_styles_give_plotly_arguments():
    s = palette.style("degradation", "plain-56")
    assert s.line(width=2) == {"color": s.color, "dash": "dash", "width": 2}
    assert s.marker(size=9) == {"color": s.color, "symbol": "x", "size": 9}
    assert all(c.startswith("#") and len(c) == 7 for c in palette.OKABE_ITO.values())
    with pytest.raises(KeyError):
        palette.style("degradation", "plain-110")


def test_the_scaling_chart_draws_with_the_palette():
    from resnet_explorer.analysis import analyze
    from resnet_explorer.lessons.figures import scaling
    from resnet_explorer.presets import PRESETS
    from resnet_explorer.spec import build_spec

    def point(name: str) -> tuple[str, int, object]:
        cfg = PRESETS[name].config
        return name, build_spec(cfg).depth, analyze(cfg).totals

    families = {"basic": [point(n) for n in ("resnet18", "resnet34")],
                "bottleneck": [point(n) for n in ("resnet50", "resnet101", "resnet152")]}
    fig = scaling(families, point("resnet50"), "en")
    families = {f: palette.style("scaling", f) for f in ("basic", "bottleneck")}
    current = palette.style("scaling", "current")
    for trace in fig.data:
        want = families.get(trace.legendgroup, current)
        assert (trace.marker.color, trace.marker.symbol) == (want.color, want.symbol), trace.name
        if trace.legendgroup in families:
            assert (trace.line.color, trace.line.dash) == (want.color, want.dash), trace.name
