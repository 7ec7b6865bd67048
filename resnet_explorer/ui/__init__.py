"""The Streamlit app; the only package that imports streamlit."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from . import diagrams, lab, layers, sidebar


def main() -> None:
    st.set_page_config(page_title="ResNet Explorer", page_icon="🧱", layout="wide")
    lang = sidebar.language()
    cfg = sidebar.show(lang)
    st.title(t("app_title", lang))
    if cfg is None:  # the sidebar has shown what is wrong
        return
    tab_layers, tab_diagrams, tab_lab = st.tabs(
        [t("tab_layers", lang), t("tab_diagrams", lang), t("tab_lab", lang)])
    with tab_layers:
        layers.show(cfg, lang)
    with tab_diagrams:
        diagrams.show(cfg, lang)
    with tab_lab:
        lab.show(cfg, lang)
