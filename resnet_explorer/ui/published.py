"""The layer tab's sources: a preset's printed figures beside our exact counts, and a teaching
article's net beside the net it is compared with."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from .. import formatting as fmt
from ..config import NetConfig
from ..i18n import t
from ..i18n.sources import source_text
from ..presets import PRESETS
from ..versus import ARTICLE_NETS, article_vs_paper, published_checks
from .cached import analysis

# Built once per preset (and language) and shared by every session: presets never change.
_versus = st.cache_resource(show_spinner=False)(article_vs_paper)


@st.cache_resource(show_spinner=False)
def _checks(name: str) -> tuple:
    return published_checks(name, analysis(PRESETS[name].config))


@st.cache_resource(max_entries=64, show_spinner=False)
def _checks_table(name: str, lang: str) -> pa.Table | None:
    checks = _checks(name)
    return pa.table({
        t("pub_what", lang): [t(f"pub_{c.what}", lang) for c in checks],
        t("pub_printed", lang): [c.printed for c in checks],
        t("pub_ours", lang): [round(c.ours, 3) for c in checks],
        "Δ": [f"{c.delta:+.3f}" for c in checks],
        t("pub_cause", lang): [t(c.cause, lang, **c.values) for c in checks],
    }) if checks else None


def figures(cfg: NetConfig, lang: str) -> None:
    """A preset's printed figures beside our exact counts, with the cause of each difference."""
    match = next((p for p in PRESETS.values() if p.config == cfg and p.published_params), None)
    if match is None:
        return
    ours, source = analysis(cfg).totals, source_text(match.source, lang)
    if isinstance(match.published_params, int):
        ok = ours.params == match.published_params
        text = t(match.published_key, lang, source=source, params=fmt.num(match.published_params))
    else:
        ok = round(ours.params / 1e6, 2 if match.published_params < 1 else 1) == match.published_params
        text = t("published_millions", lang, source=source, params=match.published_params)
    if match.published_gmacs:
        text += t("published_gmacs", lang, gmacs=match.published_gmacs)
    st.caption(("✓ " if ok else "≠ ") + text)
    name = next(n for n, p in PRESETS.items() if p is match)
    checks = _checks_table(name, lang)
    if checks is not None:
        st.dataframe(checks, hide_index=True)


def article(cfg: NetConfig, lang: str) -> None:
    """A teaching article's net beside the net it is compared with (versus.ARTICLE_NETS): counts, the
    options and the layers that differ."""
    name = next((n for n in ARTICLE_NETS if PRESETS[n].config == cfg), None)
    if name is None:
        return
    v = _versus(name)
    st.subheader(t(ARTICLE_NETS[name][1], lang))
    st.dataframe(pd.DataFrame({
        "": [v.left.name, v.right.name],
        t("params", lang): [fmt.num(v.left.params), fmt.num(v.right.params)],
        t("macs", lang): [fmt.num(v.left.macs), fmt.num(v.right.macs)],
        t("depth", lang): [v.left.depth, v.right.depth],
    }), hide_index=True)
    st.caption(t("vs_options", lang, left=v.left.name, right=v.right.name,
                 options="; ".join(f"{f}: {a} / {b}" for f, a, b in v.options)))
    st.caption(t("vs_layers", lang, n=len(v.layers),
                 names=", ".join(d.name for d in v.layers[:12]) + (" …" if len(v.layers) > 12 else "")))
