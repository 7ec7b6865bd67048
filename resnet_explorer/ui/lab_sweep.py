"""The gradient lab's depth sweep: gradient flow at initialisation across depths and regimes, from
the shipped recording or a live re-run in a worker (ui/recorded.py, shared with the gradient-flow
lesson)."""

from __future__ import annotations

import math

import streamlit as st

from ..i18n import t
from ..lab import plots as lab_plots
from ..lab import summaries as lab_summaries
from ..lab.gradflow import INITS, VALUES
from ..lessons.claims import gradflow_words
from . import charts, projector
from .recorded import live_check, recorded_facts, seeds, sweep_flows


def _ratio_text(v: float) -> str:
    """A first/last ratio; "—" where there is none (an end without gradient)."""
    if not math.isfinite(v):
        return "—"
    return f"{v:.3g}" if 1e-3 <= v < 1e4 else f"{v:.1e}"


def show(lang: str) -> None:
    """The depth sweep: one backward pass through fresh nets, shown on demand."""
    st.subheader(t("lab_sweep_header", lang))
    st.caption(t("lab_sweep_intro", lang))
    if not st.toggle(t("lab_sweep_show", lang), False, key="lab_sweep"):
        return
    c1, c2, c3, c4 = st.columns(4)
    init = c1.radio(t("lab_init", lang), INITS, key="lab_sweep_init",
                    format_func=lambda i: t(f"lab_init_{i}", lang))
    values = c2.radio(t("lab_sweep_values", lang), VALUES, key="lab_sweep_values",
                      format_func=lambda v: t(f"lab_sweep_{v}", lang))
    bn = c3.radio(t("lab_bn", lang), [True, False], key="lab_sweep_bn",
                  format_func=lambda b: t("lab_bn_on" if b else "lab_bn_off", lang))
    seed = c4.segmented_control(t("ls_seed", lang), list(seeds()), default=seeds()[0], key="lab_sweep_seed",
                                required=True)
    seed = int(seed if seed is not None else seeds()[0])
    shown, label, live = sweep_flows(init, seed, "lab_sweep", lang)
    st.caption(label)
    if not shown:
        return
    big = projector.enabled()
    charts.chart(lab_plots.sweep(shown, bn, values, lang, big), lab_summaries.sweep(shown, bn, values, lang),
                 "lab_sweep_chart")
    rows = [{t("lab_depth", lang): f.depth,
             t("lab_kind", lang): t(lab_plots.KIND_KEYS[f.kind], lang),
             t("lab_bn", lang): t("lab_bn_on" if f.batchnorm else "lab_bn_off", lang),
             t("lab_ratio", lang): _ratio_text(f.ratio(values))} for f in shown]
    st.dataframe(rows, hide_index=True)
    verdict = recorded_facts(values)
    if verdict is not None:
        words = gradflow_words(verdict, init)
        vanish = (t("lab_sweep_vanish", lang, depth=words["vanish_depth"]) if words["vanish_depth"] != "—"
                  else "")
        ranges = {k: v for k, v in words.items() if not k.endswith("_shrink") and k != "vanish_depth"}
        st.caption(t("lab_sweep_reading", lang, seed=seed, vanish=vanish,
                     init=t(f"lab_sweep_init_{init}", lang), **ranges))
    if live:
        live_check(init, seed, shown, lang)
