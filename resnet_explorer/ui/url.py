"""The open tab in the link (`?tab=diagrams`), in words that do not change with the language.

`st.tabs(bind="query-params")` would put the tab's label in the URL: 层与计数 in Chinese, so a
language switch would make the link point nowhere and jump back to the first tab. Here the URL
carries a fixed id, and the tabs widget is keyed per language, so the tabs of the newly chosen
language open on the tab the link names. Tracking the open tab also makes the tabs lazy: only the
open one runs (Streamlit reruns the page when another is clicked).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

TAB = "tab"  # the query parameter


def current_tab(ids: Sequence[str]) -> str:
    """The tab the link names; the first one when it names none or one that does not exist."""
    value = st.query_params.get(TAB)
    return value if value in ids else ids[0]


def _remember(ids: Sequence[str], labels: Sequence[str], key: str) -> None:
    """The student clicked a tab: write its id into the link (the first tab is the default, left out)."""
    label = st.session_state.get(key)
    tab = ids[labels.index(label)] if label in labels else ids[0]
    if tab == ids[0]:
        st.query_params.pop(TAB, None)
    else:
        st.query_params[TAB] = tab


def tabs(ids: Sequence[str], labels: Sequence[str], lang: str) -> tuple[str, DeltaGenerator]:
    """Draw the tabs; return the open tab's id and its container (the others stay empty)."""
    current = current_tab(ids)
    if st.query_params.get(TAB) is not None and st.query_params.get(TAB) != current:
        st.query_params.pop(TAB)  # an unknown tab in the link: dropped, as bound widgets do
    key = f"tab_{lang}"
    if key not in st.session_state:  # a new page or a language switch: open the tab the link names
        st.session_state[key] = labels[ids.index(current)]
    containers = st.tabs(list(labels), key=key, on_change=_remember, args=(ids, labels, key))
    for tab, container in zip(ids, containers):
        if container.open:
            return tab, container
    return current, containers[ids.index(current)]
