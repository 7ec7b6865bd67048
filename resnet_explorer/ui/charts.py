"""Charts and diagrams with the sentence that says what they show, drawn the same way in every view.

`chart(fig, summary, key)` draws a Plotly figure, then its summary (computed from the figure's data
by a pure function: lab/summaries.py, lessons/summaries.py, checkpoint/summaries.py) as a caption;
`diagram(graph, alt)` draws a Graphviz diagram, then its text alternative (diagrams/describe.py).
In projector mode the summary is body text, drawn as large as the projector's other text and in its
full contrast (a caption is smaller and grey), so it reads from the back of a room. Both are written
as they are: a layer name or a |γ| is never read as Markdown.
"""

from __future__ import annotations

import graphviz
import plotly.graph_objects as go
import streamlit as st

from . import projector
from .safe import plain

LONGEST = 4000  # characters: a text alternative of a 200-block net stays whole


def sentence(text: str) -> None:
    """A summary on its own: a caption, or body text in projector mode."""
    if not text:
        return
    if projector.enabled():
        st.markdown(plain(text, LONGEST))
    else:
        st.caption(plain(text, LONGEST))


def chart(fig: go.Figure, summary: str, key: str) -> None:
    """A Plotly figure (one key, so a rerun updates it in place), then its summary."""
    st.plotly_chart(fig, key=key)
    sentence(summary)


def diagram(graph: graphviz.Digraph | str, alt: str) -> None:
    """A Graphviz diagram, then its text alternative (always a caption: it is long)."""
    st.graphviz_chart(graph)
    if alt:
        st.caption(plain(alt, LONGEST))
