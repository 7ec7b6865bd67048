"""Sidebar: language, preset and every config option -> one validated NetConfig (or None).

Every widget is bound to the URL (`bind="query-params"`, key = the option's name, the same names
as the CLI flags), so a link carries the whole network. Streamlit drops URL values that are not
among a widget's options; typed text (stages, widths, input size) goes through the same parser as
the CLI and a bad value is shown as a message, never a traceback.
"""

from __future__ import annotations

import streamlit as st

from ..config import Block, ConfigError, NetConfig, Shortcut, Stem, StrideAt
from ..i18n import LANGUAGES, t
from ..options import config_from_options
from ..presets import DEFAULT_PRESET, PRESETS

URL = "query-params"


def language() -> str:
    """`?lang=zh` or `?lang=en` in the URL (synced by hand: a bound segmented control would put
    its display label, 简体中文, in the URL)."""
    url_lang = st.query_params.get("lang", "en")
    choice = st.sidebar.segmented_control(
        "Language / 语言", list(LANGUAGES), default=url_lang if url_lang in LANGUAGES else "en",
        format_func=LANGUAGES.__getitem__, key="language", required=True) or "en"
    if choice == "en":
        st.query_params.pop("lang", None)
    elif url_lang != choice:
        st.query_params["lang"] = choice
    return choice


def _text(values: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in values)


def _size_text(size: tuple[int, int]) -> str:
    return str(size[0]) if size[0] == size[1] else f"{size[0]}x{size[1]}"


def _widget_values(cfg: NetConfig) -> dict[str, object]:
    """The value each option widget shows for a config (widget key -> value)."""
    return {
        "input_size": _size_text(cfg.input_size), "stem": cfg.stem.value, "block": cfg.block.value,
        "stages": _text(cfg.stages), "widths": _text(cfg.widths), "shortcut": cfg.shortcut.value,
        "stride_at": cfg.stride_at.value, "preact": cfg.preact, "bn": cfg.batchnorm,
        "groups": cfg.groups, "width_per_group": cfg.width_per_group,
        "width_multiplier": cfg.width_multiplier, "in_channels": cfg.in_channels,
        "classes": cfg.num_classes, "zero_init": cfg.zero_init_residual,
    }


def _load_preset() -> None:
    """Picking a preset resets every option to that preset's values."""
    name = st.session_state.get("preset") or DEFAULT_PRESET
    st.session_state.update(_widget_values(PRESETS[name].config))


def show(lang: str) -> NetConfig | None:
    side = st.sidebar
    name = side.selectbox(t("preset", lang), list(PRESETS), index=list(PRESETS).index(DEFAULT_PRESET),
                          key="preset", bind=URL, on_change=_load_preset,
                          help=t("preset_help", lang)) or DEFAULT_PRESET
    base = PRESETS[name].config
    d = _widget_values(base)
    side.caption(t("preset_source", lang, source=PRESETS[name].source))
    side.text_input(t("input_size", lang), d["input_size"], key="input_size", bind=URL,
                    help=t("input_size_help", lang))
    with side.expander(t("customise", lang), expanded=False):
        st.segmented_control(t("stem", lang), [s.value for s in Stem], default=d["stem"], key="stem",
                             bind=URL, required=True, help=t("stem_help", lang))
        st.segmented_control(t("block", lang), [b.value for b in Block], default=d["block"], key="block",
                             bind=URL, required=True, help=t("block_help", lang))
        st.text_input(t("stages", lang), d["stages"], key="stages", bind=URL, help=t("stages_help", lang))
        st.text_input(t("widths", lang), d["widths"], key="widths", bind=URL, help=t("widths_help", lang))
        st.segmented_control(t("shortcut", lang), [s.value for s in Shortcut], default=d["shortcut"],
                             key="shortcut", bind=URL, required=True, help=t("shortcut_help", lang))
        st.segmented_control(t("stride_at", lang), [s.value for s in StrideAt], default=d["stride_at"],
                             key="stride_at", bind=URL, required=True, help=t("stride_at_help", lang))
        st.toggle(t("preact", lang), d["preact"], key="preact", bind=URL, help=t("preact_help", lang))
        st.toggle(t("bn", lang), d["bn"], key="bn", bind=URL)
        st.toggle(t("zero_init", lang), d["zero_init"], key="zero_init", bind=URL,
                  help=t("zero_init_help", lang))
        cols = st.columns(2)
        cols[0].number_input(t("groups", lang), 1, 1024, d["groups"], key="groups", bind=URL)
        cols[1].number_input(t("width_per_group", lang), 1, 4096, d["width_per_group"],
                             key="width_per_group", bind=URL)
        cols[0].number_input(t("width_multiplier", lang), 1, 64, d["width_multiplier"],
                             key="width_multiplier", bind=URL, help=t("width_multiplier_help", lang))
        cols[1].number_input(t("in_channels", lang), 1, 64, d["in_channels"], key="in_channels", bind=URL)
        st.number_input(t("classes", lang), 1, 100_000, d["classes"], key="classes", bind=URL)
    options = {"preset": name}
    for key, default in d.items():
        value = st.session_state.get(key, default)
        if value is not None and value != default:
            options[key] = str(value)
    try:
        return config_from_options(options)
    except ConfigError as err:
        side.error(t("bad_option", lang, field=err.field, value=err.value, allowed=err.allowed))
        st.error(t("bad_config", lang, message=str(err)))
        return None
