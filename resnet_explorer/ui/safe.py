"""User text shown verbatim, and views that fail with one sentence instead of a traceback.

Streamlit renders `st.error`, `st.caption`, `st.markdown` (and most labels) as Markdown: a value
echoed from a link, such as `?stages=[Session expired](http://x)` or `![x](http://x/p.png)`, would
become a clickable link or an image every visitor's browser fetches. `plain` escapes it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import streamlit as st

from ..i18n import t
from . import turns

log = logging.getLogger("resnet_explorer.ui")

MAX_SHOWN = 300  # characters echoed back; a 10,000-character value is not re-displayed in full
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# CommonMark lets every ASCII punctuation character be backslash-escaped; escaping them stops links,
# images, emphasis, HTML, Streamlit's own directives (:red[...], :material/...:), LaTeX ($) and
# bare-address autolinks (`:` and `.`). Left as they are, because they cannot start Markdown
# mid-line: `,` `=` and `_` between two letters or digits (width_multiplier stays readable in the source).
_PUNCT = re.compile(r"([!-+\--/:-<>-@\[-^`{-~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def plain(value: object, limit: int = MAX_SHOWN) -> str:
    """`value` as Markdown that displays exactly its characters: control characters and line breaks
    become spaces (no new block can start), long text is cut with an ellipsis."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > limit:
        text = text[:limit] + "…"
    return _PUNCT.sub(r"\\\1", text)


def view(show: Callable[..., object], lang: str, *args: object) -> object:
    """Run one view; an unexpected exception is logged on the server (with its traceback) and the
    page says one sentence. Streamlit's own control flow (st.rerun, st.stop) passes through: its
    exceptions derive from BaseException, not Exception. It runs in this process's turn (turns.py)."""
    with turns.turn():
        try:
            return show(*args)
        except Exception:  # any bug in a view: never a traceback on the page
            log.exception("view %s failed", getattr(show, "__module__", show))
            st.error(t("view_failed", lang))
            return None
