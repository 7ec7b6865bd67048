"""Gradient flow at initialisation: the recorded depth sweep, re-runnable live in a worker."""

from __future__ import annotations

import streamlit as st

from ...config import NetConfig
from ...i18n import t
from ...lab import plots as lab_plots
from ...lab.gradflow import INITS
from .. import projector
from ..question import ask
from ..recorded import sweep_flows


def scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_grad_text", lang))
    ask("gradflow", t("ls_grad_q", lang), t("ls_grad_a", lang), lang)
    c1, c2 = st.columns(2)
    init = c1.radio(t("lab_init", lang), INITS, key="ls_grad_init", horizontal=True,
                    format_func=lambda i: t(f"lab_init_{i}", lang))
    bn = c2.radio(t("lab_bn", lang), [True, False], key="ls_grad_bn", horizontal=True,
                  format_func=lambda b: t("lab_bn_on" if b else "lab_bn_off", lang))
    flows, label = sweep_flows(init, "ls_grad", lang)
    st.caption(label)
    if flows:
        st.plotly_chart(projector.figure(lab_plots.sweep(flows, bn, "stream", lang), on), key="ls_grad_chart")
