"""The Streamlit app; the only package that imports streamlit.

Only the open tab runs on a rerun (url.tabs tracks it and keeps it in the link), each view behind
safe.view so a bug shows one sentence, never a traceback. A class's join link (`?join=CODE`) opens
the student's page alone: no sidebar, no tabs.
"""

from __future__ import annotations

import gc

import streamlit as st

from ..i18n import t
from . import checkpoint, diagrams, glossary, lab, layers, lessons, projector, safe, sidebar, student, url
from .class_poll import from_link as start_from_link
from .turns import turn

# The server's heap is mostly what these imports made (torch, plotly, pandas, streamlit), alive as long
# as the process; every full garbage collection walked all of it while every session's rerun waited:
# the slowest reruns under a class's load (benchmarks/bench_load.py). Frozen once here, at the first
# import, collections walk only what the sessions made since.
gc.freeze()

# (id in the link, label key, view); "Start here" first.
VIEWS = (("lessons", "tab_lessons", lessons.show), ("layers", "tab_layers", layers.show),
         ("diagrams", "tab_diagrams", diagrams.show), ("lab", "tab_lab", lab.show),
         ("checkpoint", "tab_checkpoint", checkpoint.show))


def main() -> None:
    with turn():  # one rerun at a time in this process (turns.py)
        _page()


def _page() -> None:
    st.set_page_config(page_title="ResNet Explorer", page_icon="🧱", layout="wide")
    if "join" in st.query_params:  # a student's page in a class
        body, foot = st.container(), st.container()
        lang = sidebar.language(foot)
        with body:
            safe.view(student.show, lang, lang)
        return
    lang = sidebar.language()
    cfg = safe.view(sidebar.show, lang, lang)
    glossary.show(lang)  # in the sidebar, so every tab reaches it
    projector.apply()
    st.title(t("app_title", lang))
    if "class" in st.query_params:  # ?class=new: this page starts a class and leads it
        safe.view(start_from_link, lang, lessons.current_lesson(), lang)
    if cfg is None:  # the sidebar has shown what is wrong
        return
    ids = [tab for tab, _, _ in VIEWS]
    tab, container = url.tabs(ids, [t(key, lang) for _, key, _ in VIEWS], lang)
    show = next(show for name, _, show in VIEWS if name == tab)
    with container:
        safe.view(show, lang, cfg, lang)
