"""Gradient flow at initialisation: the recorded depth sweep (five seeds), re-runnable live in a
worker; the text quotes the recording's ranges, and a live run says whether it shows them."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lab import plots as lab_plots
from ...lab import summaries as lab_summaries
from ...lab.gradflow import INITS
from ...lessons.claims import gradflow_lesson_words
from .. import charts, pagefile, projector
from ..question import ask
from ..recorded import live_check, recorded_facts, seeds, sweep_flows


def scene(cfg: NetConfig, lang: str, on: bool) -> None:
    verdict = recorded_facts()
    if verdict is None:
        st.warning(t("ls_grad_missing", lang))
        return
    words = gradflow_lesson_words(verdict)
    st.markdown(t("ls_grad_text", lang, **words))
    ask("gradflow", t("ls_grad_q", lang), t("ls_grad_a", lang, **words), lang)
    c1, c2, c3 = st.columns(3)
    init = c1.radio(t("lab_init", lang), INITS, key="ls_grad_init", horizontal=True,
                    format_func=lambda i: t(f"lab_init_{i}", lang))
    bn = c2.radio(t("lab_bn", lang), [True, False], key="ls_grad_bn", horizontal=True,
                  format_func=lambda b: t("lab_bn_on" if b else "lab_bn_off", lang))
    seed = c3.segmented_control(t("ls_seed", lang), list(seeds()), default=seeds()[0], key="ls_grad_seed",
                                required=True)
    seed = int(seed if seed is not None else seeds()[0])
    flows, label, live = sweep_flows(init, seed, "ls_grad", lang)
    st.caption(label)
    if flows:
        charts.chart(projector.figure(lab_plots.sweep(flows, bn, "stream", lang), on),
                     lab_summaries.sweep(flows, bn, "stream", lang), "ls_grad_chart")
        if live:
            live_check(init, seed, flows, lang)
    pagefile.lesson_download("gradflow", cfg, lang, init=init, seed=seed)
