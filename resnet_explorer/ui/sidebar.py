"""Sidebar: language, preset and every config option -> one validated NetConfig (or None).

One widget per row of `config.NET_OPTIONS` (its kind picks the widget, its bounds bound it), each
bound to the URL (`bind="query-params"`, key = the option's key, the same names as the CLI flags),
so a link carries the whole network. Streamlit drops URL values that are not among a widget's
options; typed text (stages, widths, input size) goes through the same parser as the CLI and a
bad value is shown as a message, never a traceback.
"""

from __future__ import annotations

import streamlit as st

from .. import config
from ..fields import ConfigError, Kind, Option, help_text
from ..i18n import LANGUAGES, STRINGS, t
from ..i18n.sources import source_text
from ..options import config_from_options
from ..presets import DEFAULT_PRESET, PRESETS
from . import cached
from .links import CUSTOM_WIDTHS, show_errors, sync_numbers, url_numbers, widget_value
from .safe import plain

URL = "query-params"
OUTSIDE = ("input_size",)  # shown above the "Customise" expander


def language(where=None) -> str:
    """`?lang=zh` or `?lang=en` in the URL (synced by hand: a bound segmented control would put
    its display label, 简体中文, in the URL); in the sidebar unless `where` is another container."""
    url_lang = st.query_params.get("lang", "en")
    choice = (where or st.sidebar).segmented_control(
        "Language / 语言", list(LANGUAGES), default=url_lang if url_lang in LANGUAGES else "en",
        format_func=LANGUAGES.__getitem__, key="language", required=True) or "en"
    if choice == "en":
        st.query_params.pop("lang", None)
    elif url_lang != choice:
        st.query_params["lang"] = choice
    return choice


def _widget_values(cfg: config.NetConfig) -> dict[str, object]:
    return {opt.key: widget_value(opt, cfg) for opt in config.NET_OPTIONS}


def _load_preset() -> None:
    """Picking a preset resets every option to that preset's values."""
    name = st.session_state.get("preset") or DEFAULT_PRESET
    st.session_state.update(_widget_values(PRESETS[name].config))
    st.session_state[CUSTOM_WIDTHS] = False


def _follow(custom: bool):
    def callback() -> None:
        st.session_state[CUSTOM_WIDTHS] = custom
    return callback


def _label(opt: Option, lang: str) -> str:
    return t(opt.key, lang) if opt.key in STRINGS["en"] else opt.key


def _widget(where, opt: Option, default: object, lang: str) -> None:
    """The widget of one option; its value is read back from session state by key."""
    label, key = _label(opt, lang), opt.key
    helptext = help_text(opt, lang)
    on_change = _follow(opt.key == "widths") if opt.key in ("stages", "stem", "widths") else None
    match opt.kind:
        case Kind.ENUM | Kind.CHOICE:
            where.segmented_control(label, list(opt.values), default=default, key=key, bind=URL,
                                    required=True, help=helptext, on_change=on_change)
        case Kind.BOOL:
            where.toggle(label, default, key=key, bind=URL, help=helptext)
        case Kind.INT:
            # not bound: url_numbers and sync_numbers carry it in the link
            where.number_input(label, int(opt.lo), int(opt.hi), default, key=key, help=helptext)
        case _:
            where.text_input(label, default, key=key, bind=URL, help=helptext, on_change=on_change)


def _derived_widths(name: str) -> str | None:
    """The widths the net has for the stem and stages now chosen (None while those are invalid)."""
    options = {"preset": name}
    options.update({k: str(st.session_state[k]) for k in ("stem", "stages") if st.session_state.get(k)})
    try:
        return ",".join(str(w) for w in config_from_options(options).widths)
    except ConfigError:
        return None


def show(lang: str) -> config.NetConfig | None:
    side = st.sidebar
    refused = url_numbers(config.NET_OPTIONS)
    name = side.selectbox(t("preset", lang), list(PRESETS), index=list(PRESETS).index(DEFAULT_PRESET),
                          key="preset", bind=URL, on_change=_load_preset,
                          help=t("preset_help", lang)) or DEFAULT_PRESET
    d = _widget_values(PRESETS[name].config)
    # Widths typed into the link are the student's own; otherwise they follow the stages.
    custom = st.session_state.setdefault(CUSTOM_WIDTHS, "widths" in st.query_params)
    side.caption(t("preset_source", lang, source=source_text(PRESETS[name].source, lang)))
    show_errors(side, refused, lang)
    for opt in config.NET_OPTIONS:
        if opt.key in OUTSIDE:
            _widget(side, opt, d[opt.key], lang)
    with side.expander(t("customise", lang), expanded=False):
        cols = st.columns(2)
        ints = 0
        for opt in config.NET_OPTIONS:
            if opt.key in OUTSIDE:
                continue
            if opt.key == "widths" and not custom:
                derived = _derived_widths(name)
                if derived is not None and st.session_state.get("widths") != derived:
                    st.session_state["widths"] = derived  # before the widget exists in this run
            where = cols[ints % 2] if opt.kind is Kind.INT else st
            ints += opt.kind is Kind.INT
            _widget(where, opt, d[opt.key], lang)
    sync_numbers(config.NET_OPTIONS, d)
    options = {"preset": name}
    for key, default in d.items():
        value = st.session_state.get(key, default)
        if value is not None and value != default and (key != "widths" or custom):
            options[key] = str(value)
    try:
        cfg = config_from_options(options)
        cached.analysis(cfg)  # the exact limits (layer rows, counts below 2^53), before any view
        return cfg
    except ConfigError as err:
        show_errors(side, [err], lang)
        st.error(t("bad_config", lang, message=plain(err.message(lang))))
        return None
