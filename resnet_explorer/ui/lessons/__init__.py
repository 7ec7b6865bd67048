"""Lessons ("Start here"): one scene per lesson, opened by a link such as
`?lesson=degradation&lang=zh&projector=1`.

A scene: a short text, a question to put to the class before the answer (ui/question.py), a reveal
button, the instrument with the right settings, and the link to the scene itself. Each scene is a
module of this package; they import the shared UI services, never one another.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from .. import class_poll, projector
from . import batchnorm, degradation, gradflow, lesion, simple

LESSONS = ("block", "degradation", "lesion", "gradflow", "bottleneck", "batchnorm", "responses")
TITLE_KEYS = {"block": "ls_block_title", "degradation": "ls_deg_title", "lesion": "ls_les_title",
              "gradflow": "ls_grad_title", "bottleneck": "ls_bot_title", "batchnorm": "ls_bn_title",
              "responses": "ls_resp_title"}
SCENES: dict[str, Callable[[NetConfig, str, bool], None]] = {
    "block": simple.block_scene, "degradation": degradation.scene, "lesion": lesion.scene,
    "gradflow": gradflow.scene, "bottleneck": simple.bottleneck_scene, "batchnorm": batchnorm.bn_scene,
    "responses": batchnorm.responses_scene}


def current_lesson() -> str:
    name = st.query_params.get("lesson", LESSONS[0])
    return name if name in LESSONS else LESSONS[0]


def scene_link(lesson: str) -> str:
    """A relative link that opens exactly this scene: every URL parameter of the page (network,
    language, projector mode) with this lesson."""
    params = {k: st.query_params.get(k) for k in st.query_params}
    params["lesson"] = lesson
    return "?" + urlencode(params)


def show(cfg: NetConfig, lang: str) -> None:
    st.header(t("ls_header", lang))
    st.caption(t("ls_intro", lang))
    cols = st.columns([3, 1])
    lesson = cols[0].selectbox(t("ls_pick", lang), LESSONS, index=LESSONS.index(current_lesson()),
                               format_func=lambda k: t(TITLE_KEYS[k], lang), key="ls_pick")
    st.query_params["lesson"] = lesson
    with cols[1]:
        on = projector.toggle(lang)
    class_poll.teach(lesson, lang, on)  # class mode: Start, or the join panel and the class on this lesson
    st.subheader(t(TITLE_KEYS[lesson], lang))
    SCENES[lesson](cfg, lang, on)
    link = scene_link(lesson)
    st.markdown(f"{t('ls_link', lang)} [{link}]({link})")
