"""Lessons ("Start here"): one scene per lesson, opened by a link such as
`?lesson=degradation&lang=zh&projector=1`.

A scene: a short text, a question to put to the class before the answer, a reveal button, the
instrument with the right settings, and the link to the scene itself. The scenes that need trained
nets live in ui/lessons_trained.py; this file has the frame and the scenes that need none.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from ..anatomy import block_anatomy
from ..config import NetConfig
from ..diagrams import block_diagram
from ..i18n import t
from ..lab.gradflow import INITS
from ..palette import style
from ..presets import PRESETS
from ..spec import build_spec
from . import lab_sweep, lessons_trained, projector
from .cached import analysis

LESSONS = ("block", "degradation", "lesion", "gradflow", "bottleneck", "batchnorm", "responses")
TITLE_KEYS = {"block": "ls_block_title", "degradation": "ls_deg_title", "lesion": "ls_les_title",
              "gradflow": "ls_grad_title", "bottleneck": "ls_bot_title", "batchnorm": "ls_bn_title",
              "responses": "ls_resp_title"}
FAMILIES = {"basic": ("resnet18", "resnet34"), "bottleneck": ("resnet50", "resnet101", "resnet152")}


def current_lesson() -> str:
    name = st.query_params.get("lesson", LESSONS[0])
    return name if name in LESSONS else LESSONS[0]


def scene_link(lesson: str) -> str:
    """A relative link that opens exactly this scene: every URL parameter of the page (network,
    language, projector mode) with this lesson."""
    params = {k: st.query_params.get(k) for k in st.query_params}
    params["lesson"] = lesson
    return "?" + urlencode(params)


def ask(lesson: str, question: str, answer: str, lang: str) -> bool:
    """The question, then a button that reveals (or hides) the answer; True once revealed."""
    st.info(f"**{t('ls_question', lang)}** {question}")
    key = f"ls_revealed_{lesson}"
    # A callback flips the state before the script runs, so the button's label is right at once.
    st.button(t("ls_hide" if st.session_state.get(key) else "ls_reveal", lang), key=f"ls_btn_{lesson}",
              on_click=lambda: st.session_state.__setitem__(key, not st.session_state.get(key, False)))
    revealed = st.session_state.get(key, False)
    if revealed:
        st.success(answer)
    return revealed


def show(cfg: NetConfig, lang: str) -> None:
    st.header(t("ls_header", lang))
    st.caption(t("ls_intro", lang))
    cols = st.columns([3, 1])
    lesson = cols[0].selectbox(t("ls_pick", lang), LESSONS, index=LESSONS.index(current_lesson()),
                               format_func=lambda k: t(TITLE_KEYS[k], lang), key="ls_pick")
    st.query_params["lesson"] = lesson
    with cols[1]:
        on = projector.toggle(lang)
    st.subheader(t(TITLE_KEYS[lesson], lang))
    scenes: dict[str, Callable[[NetConfig, str, bool], None]] = {
        "block": block_scene, "bottleneck": bottleneck_scene, "gradflow": gradflow_scene,
        "degradation": lessons_trained.degradation_scene, "lesion": lessons_trained.lesion_scene,
        "batchnorm": lessons_trained.batchnorm_scene, "responses": lessons_trained.responses_scene}
    scenes[lesson](cfg, lang, on)
    link = scene_link(lesson)
    st.markdown(f"{t('ls_link', lang)} [{link}]({link})")


# ---------------------------------------------------------------------------------------------
# Scenes without training


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
             small=f"{small.weights:,}", ratio=wide.weights / b.weights), lang):
        st.table({t("ls_net", lang): [t("ls_bot_b", lang, w=w), t("ls_bot_wide", lang, w=w),
                                      t("ls_bot_small", lang, q=q)],
                  t("ls_bot_weights", lang): [f"{x.weights:,}" for x in (b, wide, small)]})
    st.plotly_chart(projector.figure(scaling_chart(cfg, lang), on), key="ls_bot_chart")


def scaling_chart(cfg: NetConfig, lang: str) -> go.Figure:
    """Params and MACs against depth for the basic and bottleneck ImageNet families; the current
    net as a star."""
    fig = make_subplots(1, 2, subplot_titles=(t("ls_bot_params", lang), t("ls_bot_macs", lang)))
    for family, names in FAMILIES.items():
        points = [(build_spec(PRESETS[n].config).depth, analysis(PRESETS[n].config).totals) for n in names]
        look = style("scaling", family)
        for col, attr in ((1, "params"), (2, "macs")):
            fig.add_trace(go.Scatter(x=[d for d, _ in points], y=[getattr(tt, attr) for _, tt in points],
                                     mode="lines+markers+text", text=list(names), textposition="top center",
                                     name=t(f"ls_bot_{family}", lang), legendgroup=family,
                                     line=look.line(), marker=look.marker(size=9),
                                     showlegend=col == 1), 1, col)
    depth, totals = build_spec(cfg).depth, analysis(cfg).totals
    for col, attr in ((1, "params"), (2, "macs")):
        fig.add_trace(go.Scatter(x=[depth], y=[getattr(totals, attr)], mode="markers",
                                 marker=style("scaling", "current").marker(size=18),
                                 name=t("ls_bot_current", lang, name=_preset_name(cfg)),
                                 showlegend=col == 1), 1, col)
    fig.update_xaxes(title=t("ls_bot_depth", lang))
    fig.update_layout(title=t("ls_bot_chart", lang), height=420, margin=dict(t=80))
    return fig


def gradflow_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    from ..lab import plots as lab_plots

    st.markdown(t("ls_grad_text", lang))
    ask("gradflow", t("ls_grad_q", lang), t("ls_grad_a", lang), lang)
    c1, c2 = st.columns(2)
    init = c1.radio(t("lab_init", lang), INITS, key="ls_grad_init", horizontal=True,
                    format_func=lambda i: t(f"lab_init_{i}", lang))
    bn = c2.radio(t("lab_bn", lang), [True, False], key="ls_grad_bn", horizontal=True,
                  format_func=lambda b: t("lab_bn_on" if b else "lab_bn_off", lang))
    # The recording at once; a live re-run runs as a job in a worker process, never here.
    flows, label = lab_sweep.flows(init, "ls_grad", lang)
    st.caption(label)
    if flows:
        st.plotly_chart(projector.figure(lab_plots.sweep(flows, bn, "stream", lang), on), key="ls_grad_chart")
