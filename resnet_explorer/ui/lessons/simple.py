"""The scenes that train nothing: what a residual block computes, and bottleneck economics."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...diagrams import block_diagram
from ...diagrams.describe import block_alt
from ...i18n import t
from ...lessons import block, economics, figures, summaries
from .. import charts, pagefile, projector
from ..cached import analysis
from ..question import ask


def block_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_block_text", lang))
    st.latex(block.FORMULA_LATEX)
    ask("block", t("ls_block_q", lang), t("ls_block_a", lang), lang)
    a = analysis(cfg)
    if not block.has_shortcuts(a.spec):
        st.warning(t("ls_block_plain", lang))
    st.caption(block.blocks_caption(a, lang))
    blocks = block.shown_blocks(a.spec)
    # Side by side normally; one under the other in projector mode, so each is drawn full width.
    cols = [st.container() for _ in blocks] if on else st.columns(len(blocks))
    for col, b in zip(cols, blocks):
        with col:
            charts.diagram(projector.diagram(block_diagram(a, b.name, lang), on), block_alt(a, b.name, lang))
    pagefile.lesson_download("block", cfg, lang)


def bottleneck_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_bot_text", lang))
    w = st.select_slider(t("ls_bot_width", lang), economics.WIDTHS, value=economics.DEFAULT_WIDTH,
                         key="ls_bot_width")
    # The question, the answer and the table come from lessons/economics.py, as the lesson's page does.
    question, answer = economics.question(w, lang)
    b, wide, small = economics.blocks(w)
    facts = {"w": w, "bottleneck": b.weights, "basic": wide.weights, "small": small.weights}
    if ask("bottleneck", question, answer, lang, facts=facts):
        st.table(economics.weights_table(w, lang))
    families, current = economics.scaling_points(cfg, analysis)
    charts.chart(projector.figure(figures.scaling(families, current, lang), on),
                 summaries.scaling(families, current, lang), "ls_bot_chart")
    pagefile.lesson_download("bottleneck", cfg, lang, width=w)
