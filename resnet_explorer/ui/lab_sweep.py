"""The gradient lab's depth sweep: gradient flow at initialisation across depths and regimes.

The sweep (48 backward passes, about a minute of CPU on two cores) is never computed in the web
server's process: the page reads the shipped recording (lab/weights/gradflow_sweep.json, made by
`python -m resnet_explorer lesson gradflow --save` with the same depths, batch and seed), and a live
re-run is a job in a worker process (ui/lesson_live.py). The gradient-flow lesson uses `flows` too.
"""

from __future__ import annotations

import json
import math

import streamlit as st

from ..i18n import t
from ..lab import plots as lab_plots
from ..lab.gradflow import INITS, VALUES, Flow
from ..lab.lesson_tasks import gradflow_request
from ..lab.lessons import flows_from_json, gradflow_path
from . import lesson_live, projector


@st.cache_data(max_entries=1, show_spinner=False)
def recorded_sweeps() -> dict | None:
    path = gradflow_path()
    return json.loads(path.read_text()) if path.is_file() else None


def flows(init: str, scene: str, lang: str) -> tuple[list[Flow], str]:
    """The recorded sweep of `init` at once, with a button for a live re-run in a worker process;
    the live flows once that has finished. The caption says which is shown and how it was made."""
    request = gradflow_request(init)
    st.button(t("ls_grad_rerun", lang), key=f"{scene}_rerun", on_click=lesson_live.start,
              args=(scene, request), disabled=lesson_live.active(scene, request))
    lesson_live.watch(scene, request, "sweep", lang)
    live = lesson_live.result(scene, request)
    if live is not None:
        return flows_from_json(live["flows"]), t("ls_grad_live", lang, seconds=live["seconds"])
    rec = recorded_sweeps()
    if rec is None or init not in rec["sweeps"]:
        return [], t("ls_grad_missing", lang)
    return flows_from_json(rec["sweeps"][init]), t("ls_grad_recording", lang)


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
    c1, c2, c3 = st.columns(3)
    init = c1.radio(t("lab_init", lang), INITS, key="lab_sweep_init",
                    format_func=lambda i: t(f"lab_init_{i}", lang))
    values = c2.radio(t("lab_sweep_values", lang), VALUES, key="lab_sweep_values",
                      format_func=lambda v: t(f"lab_sweep_{v}", lang))
    bn = c3.radio(t("lab_bn", lang), [True, False], key="lab_sweep_bn",
                  format_func=lambda b: t("lab_bn_on" if b else "lab_bn_off", lang))
    shown, label = flows(init, "lab_sweep", lang)
    st.caption(label)
    if not shown:
        return
    big = projector.enabled()
    st.plotly_chart(lab_plots.sweep(shown, bn, values, lang, big), key="lab_sweep_chart")
    rows = [{t("lab_depth", lang): f.depth,
             t("lab_kind", lang): t(lab_plots.KIND_KEYS[f.kind], lang),
             t("lab_bn", lang): t("lab_bn_on" if f.batchnorm else "lab_bn_off", lang),
             t("lab_ratio", lang): _ratio_text(f.ratio(values))} for f in shown]
    st.dataframe(rows, hide_index=True)
    st.caption(t(f"lab_sweep_reading_{init}", lang))
