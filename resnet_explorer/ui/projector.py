"""Projector mode (`?projector=1`): text, tables, diagram labels and plot labels large enough to read
from the back of a room at 1280x720. Kept in the URL so a link opens a scene ready to project."""

from __future__ import annotations

import re

import graphviz
import plotly.graph_objects as go
import streamlit as st

from ..i18n import t

PLOT_FONT = {False: 14, True: 22}  # plotly base font, px: normal and projector
# Graphviz font sizes times this in projector mode: 11-point node labels become 19-point ones, which
# stay above 14 px on screen once a full-width block diagram is scaled to fit a 1280x720 window.
DIAGRAM_SCALE = 1.7

_CSS = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; line-height: 1.45; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.2rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.1rem; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th
  { font-size: 1.3rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMain"] button p, [data-testid="stMain"] label p { font-size: 1.2rem; }
</style>"""


def enabled() -> bool:
    return st.query_params.get("projector") == "1"


def apply() -> bool:
    """Projector styles on whatever tab is open, when the link asks for them (`?projector=1`)."""
    on = enabled()
    if on:
        st.html(_CSS)
    return on


def toggle(lang: str) -> bool:
    """A toggle kept in step with `?projector=1` (by hand, as the language is)."""
    on = st.toggle(t("ls_projector", lang), enabled(), key="projector")
    if on:
        st.query_params["projector"] = "1"
    else:
        st.query_params.pop("projector", None)
    if on:
        st.html(_CSS)
    return on


def figure(fig: go.Figure, on: bool) -> go.Figure:
    """Bigger fonts everywhere in a plotly figure in projector mode; full tick labels on log axes."""
    size = PLOT_FONT[on]
    fig.update_layout(font=dict(size=size), title_font=dict(size=size + 4), legend=dict(font=dict(size=size)))
    fig.update_xaxes(title_font=dict(size=size), tickfont=dict(size=size - 2))
    fig.update_yaxes(title_font=dict(size=size), tickfont=dict(size=size - 2))
    if on:  # taller, with the legend under the plot, so big labels neither clip nor overlap the data
        fig.update_layout(height=max(fig.layout.height or 450, 560), margin=dict(b=190),
                          legend=dict(orientation="h", yanchor="top", y=-0.25, x=0))
    # Log axes say 1e-3, 1e-2 ... in full, never an SI-abbreviated "1m" or "10µ".
    fig.for_each_xaxis(lambda a: a.update(exponentformat="e") if a.type == "log" else None)
    fig.for_each_yaxis(lambda a: a.update(exponentformat="e") if a.type == "log" else None)
    return fig


def diagram(g: graphviz.Digraph, on: bool) -> graphviz.Digraph | str:
    """In projector mode, the DOT text with every font size scaled up (the nodes set their own
    sizes, so a graph-wide default would not reach them)."""
    if not on:
        return g
    return re.sub(r'fontsize="?(\d+(?:\.\d+)?)"?',
                  lambda m: f'fontsize="{float(m[1]) * DIAGRAM_SCALE:g}"', g.source)
