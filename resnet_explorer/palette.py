"""Pure: the look of every chart's series, readable without telling hues apart.

Colours are the Okabe-Ito set (Okabe & Ito 2008, "Color Universal Design"), chosen to stay apart for
the common colour-vision deficiencies; yellow is left out (too pale for a line on white). Every role
has a colour, a line dash and a marker symbol, so that no two series that appear together are told
apart by hue alone:

- the kind of net is the dash: plain nets dashed, residual nets solid (dotted: residual with its
  branches starting at zero), the same on every chart;
- within a chart every series has its own marker symbol;
- the colours of series that appear together stay at least MIN_DELTA_E apart (CIEDE2000) in normal
  vision and under simulated deuteranopia and protanopia (tests/test_palette.py measures it).

The groups below are the sets of series drawn together; a chart takes its group's styles by name.
Plotly names: dash "solid" | "dash" | "dot" | "dashdot"; symbols as in plotly's marker.symbol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PLAIN_DASH = "dash"  # a plain net's line on every chart
RESIDUAL_DASH = "solid"
MIN_DELTA_E = 10.0  # CIEDE2000 between any two colours of a group, in each vision simulated


@dataclass(frozen=True)
class Style:
    color: str
    dash: str
    symbol: str

    def line(self, **extra: Any) -> dict[str, Any]:
        """Plotly's `line=` for this role (extra keys such as width pass through)."""
        return {"color": self.color, "dash": self.dash, **extra}

    def marker(self, **extra: Any) -> dict[str, Any]:
        """Plotly's `marker=` for this role (extra keys such as size pass through)."""
        return {"color": self.color, "symbol": self.symbol, **extra}


_C = OKABE_ITO
# Residual nets are blues, plain nets orange and vermillion, as the app has always drawn them; the
# dash carries the same fact for a reader who cannot see the hue.
GROUPS: dict[str, dict[str, Style]] = {
    # one residual net against one plain net (lesion, layer responses)
    "kind": {"residual": Style(_C["blue"], RESIDUAL_DASH, "circle"),
             "plain": Style(_C["vermillion"], PLAIN_DASH, "square")},
    # the degradation lesson's four nets (He et al. 2015, Fig. 1): depth is the lighter/darker shade
    # and the marker, the kind is the dash
    "degradation": {"plain-20": Style(_C["orange"], PLAIN_DASH, "square"),
                    "plain-56": Style(_C["vermillion"], PLAIN_DASH, "x"),
                    "ResNet-20": Style(_C["sky_blue"], RESIDUAL_DASH, "circle"),
                    "ResNet-56": Style(_C["blue"], RESIDUAL_DASH, "diamond")},
    # the gradient lab: the student's net and its twin (either may be the plain one, so the dash here
    # tells the two runs apart, not the kind)
    "lab": {"net": Style(_C["blue"], "solid", "circle"),
            "twin": Style(_C["orange"], "dashdot", "triangle-up")},
    # gradient flow at initialisation, one line per kind of net
    "sweep": {"plain": Style(_C["vermillion"], PLAIN_DASH, "square"),
              "residual": Style(_C["blue"], RESIDUAL_DASH, "circle"),
              "zero_init": Style(_C["sky_blue"], "dot", "diamond")},
    # the gradient reaching a block's input through its shortcut and through its branch (bars)
    "paths": {"shortcut": Style(_C["blue"], "solid", "circle"),
              "branch": Style(_C["orange"], "dash", "square")},
    # bottleneck economics: the two ImageNet families (both residual) and the net on screen
    "scaling": {"basic": Style(_C["blue"], RESIDUAL_DASH, "circle"),
                "bottleneck": Style(_C["bluish_green"], "dot", "diamond"),
                "current": Style(_C["vermillion"], "solid", "star")},
    # bars of which a few are marked (the fc among the convs, a residual branch near zero): the marked
    # ones also hatched
    "marked": {"other": Style(_C["blue"], "solid", "circle"),
               "marked": Style(_C["vermillion"], "dash", "x")},
}
MARK_PATTERN = "/"  # the hatch of a marked bar


def style(group: str, role: str) -> Style:
    """The style of one series; KeyError names the group or role that does not exist."""
    return GROUPS[group][role]


def kind(residual: bool) -> Style:
    """A residual or a plain net, drawn against the other kind."""
    return GROUPS["kind"]["residual" if residual else "plain"]
