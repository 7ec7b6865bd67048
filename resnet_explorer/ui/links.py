"""Widgets kept in step with the link by hand (a number box, a choice shown in words): their values
read from the URL and checked against their option table, written back, and the values refused
shown as messages. Shared by the sidebar and the lab."""

from __future__ import annotations

import streamlit as st

from ..config import NetConfig
from ..fields import ConfigError, Kind, Option, coerce, parse_text, to_text
from ..i18n import t
from .safe import plain

CUSTOM_WIDTHS = "_widths_custom"  # the student typed widths (else they follow stages and stem)


def synced_by_hand(opt: Option) -> bool:
    """Widgets not bound to the URL: a number_input (Streamlit's own parser fails on `inf` or 1e400)
    and a choice shown in words (bound, the URL would carry the words, not the value)."""
    return (opt.kind is Kind.INT and not opt.suggested) or opt.kind is Kind.CHOICE


def url_numbers(table: tuple[Option, ...], prefix: str = "") -> list[ConfigError]:
    """Seed the widgets synced by hand from the URL, checked against the table; returns the values
    refused (dropped from the URL). A former key of an option (?stem_width=) is read as its key,
    and the link rewritten to the key."""
    _rename_aliases(table, prefix)
    refused = []
    for opt in table:
        key = prefix + opt.key
        if not synced_by_hand(opt) or key not in st.query_params:
            continue
        try:
            value = coerce(opt, parse_text(opt, st.query_params[key]))
        except ConfigError as err:
            refused.append(err)
            del st.query_params[key]
            continue
        st.session_state.setdefault(key, value)  # a value the student set since is kept
    return refused


def _rename_aliases(table: tuple[Option, ...], prefix: str) -> None:
    for opt in table:
        for alias in opt.aliases:
            if prefix + alias in st.query_params:
                value = st.query_params[prefix + alias]
                del st.query_params[prefix + alias]
                if prefix + opt.key not in st.query_params:
                    st.query_params[prefix + opt.key] = value


def sync_numbers(table: tuple[Option, ...], defaults: dict[str, object], prefix: str = "") -> None:
    """Write the hand-synced widgets' values into the URL (defaults left out, as bound widgets do)."""
    for opt in table:
        key = prefix + opt.key
        if not synced_by_hand(opt):
            continue
        value = st.session_state.get(key)
        if value is None or value == defaults[opt.key]:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def show_errors(where, errors: list[ConfigError], lang: str) -> None:
    for err in errors:
        where.error(t("bad_option", lang, field=plain(err.field), value=plain(err.value),
                      allowed=plain(err.allowed_in(lang))))


def widget_value(opt: Option, cfg: NetConfig) -> object:
    """The value an option's widget shows for a config."""
    value = getattr(cfg, opt.field)
    if opt.kind in (Kind.BOOL, Kind.INT):
        return value
    return to_text(opt, value)
