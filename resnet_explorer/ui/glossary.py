"""The glossary: each term the app uses, English beside 简体中文, in the sidebar of every tab."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..i18n.sources import GLOSSARY


def markdown_table(lang: str) -> str:
    """The glossary as a Markdown table, the reader's language first."""
    zh_first = lang == "zh"
    head = ("中文", "English") if zh_first else ("English", "中文")
    rows = [(zh, en) if zh_first else (en, zh) for en, zh in GLOSSARY]
    return "\n".join([f"| {head[0]} | {head[1]} |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def show(lang: str, where=None) -> None:
    """An expander with the glossary; in the sidebar unless `where` (a container) is given."""
    with (where or st.sidebar).expander(t("glossary", lang)):
        st.markdown(markdown_table(lang))
