"""The scenes that train nothing: what a residual block computes, and bottleneck economics."""

from __future__ import annotations

import streamlit as st

from ...anatomy import block_anatomy
from ...config import NetConfig
from ...diagrams import block_diagram
from ...i18n import t
from ...lessons import figures
from ...presets import PRESETS
from ...spec import build_spec
from .. import projector
from ..cached import analysis
from ..question import ask

FAMILIES = {"basic": ("resnet18", "resnet34"), "bottleneck": ("resnet50", "resnet101", "resnet152")}


def _preset_name(cfg: NetConfig) -> str:
    return next((name for name, p in PRESETS.items() if p.config == cfg), "custom")


def block_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_block_text", lang))
    st.latex(r"y = \mathcal{F}(x) + x, \qquad \frac{\partial L}{\partial x} = "
             r"\frac{\partial L}{\partial y}\left(1 + \frac{\partial \mathcal{F}}{\partial x}\right)")
    ask("block", t("ls_block_q", lang), t("ls_block_a", lang), lang)
    spec = build_spec(cfg)
    if not any(b.is_residual for b in spec.blocks):
        st.warning(t("ls_block_plain", lang))
    st.caption(t("ls_block_net", lang, name=_preset_name(cfg)))
    first = spec.blocks[0]
    changing = next((b for b in spec.blocks if b.downsamples), None)
    blocks = [first] + ([changing] if changing is not None and changing is not first else [])
    # Side by side normally; one under the other in projector mode, so each is drawn full width.
    cols = [st.container() for _ in blocks] if on else st.columns(len(blocks))
    for col, b in zip(cols, blocks):
        col.graphviz_chart(projector.diagram(block_diagram(analysis(cfg), b.name, lang), on))


def bottleneck_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_bot_text", lang))
    w = st.select_slider(t("ls_bot_width", lang), [64, 128, 256, 512, 1024, 2048], value=256,
                         key="ls_bot_width")
    q = w // 4
    b, wide, small = block_anatomy("bottleneck", w), block_anatomy("basic", w), block_anatomy("basic", q)
    if ask("bottleneck", t("ls_bot_q", lang, w=w),
           t("ls_bot_a", lang, w=w, q=q, b=f"{b.weights:,}", wide=f"{wide.weights:,}",
             small=f"{small.weights:,}", ratio=wide.weights / b.weights), lang,
           facts={"w": w, "bottleneck": b.weights, "basic": wide.weights, "small": small.weights}):
        st.table({t("ls_net", lang): [t("ls_bot_b", lang, w=w), t("ls_bot_wide", lang, w=w),
                                      t("ls_bot_small", lang, q=q)],
                  t("ls_bot_weights", lang): [f"{x.weights:,}" for x in (b, wide, small)]})
    families = {family: [(n, build_spec(PRESETS[n].config).depth, analysis(PRESETS[n].config).totals)
                         for n in names] for family, names in FAMILIES.items()}
    current = (_preset_name(cfg), build_spec(cfg).depth, analysis(cfg).totals)
    st.plotly_chart(projector.figure(figures.scaling(families, current, lang), on), key="ls_bot_chart")
