"""Placeholder tab, filled in by its own module."""

import streamlit as st

from ..config import NetConfig  # noqa: F401


def show(cfg, lang: str) -> None:
    st.caption("…")
