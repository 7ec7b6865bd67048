"""Memoized analysis shared by every session of the server.

`st.cache_resource` hands out the object itself, not a copy: right for an Analysis, which is
immutable (frozen dataclasses and tuples), and it spares copying thousands of rows on every rerun.
"""

from __future__ import annotations

import streamlit as st

from ..analysis import Analysis, analyze
from ..config import NetConfig


@st.cache_resource(max_entries=128, show_spinner=False)
def analysis(cfg: NetConfig) -> Analysis:
    return analyze(cfg)
