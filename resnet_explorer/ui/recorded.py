"""A recording shown at once, with a button for a live re-run in a worker process (ui/watch.py): the
gradient-flow depth sweep, read by the lab's sweep panel and by the gradient-flow lesson alike. The
sweep (48 backward passes, about a minute of CPU on two cores) never runs in the web server."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..lab.gradflow import Flow
from ..lessons.recordings import flows_from_json, gradflow_path, read_json
from ..lessons.tasks import gradflow_request
from . import watch

SWEEP_TEXTS = watch.Texts("ls_job", "ls_job_progress_sweep")


@st.cache_data(max_entries=1, show_spinner=False)
def recorded_sweeps() -> dict | None:
    return read_json(gradflow_path())


def sweep_flows(init: str, slot: str, lang: str) -> tuple[list[Flow], str]:
    """The recorded sweep of `init` at once, with a button for a live re-run; the live flows once
    that has finished. The caption says which is shown and how it was made."""
    request = gradflow_request(init)
    running = watch.current(slot, [request])
    st.button(t("ls_grad_rerun", lang), key=f"{slot}_rerun", on_click=watch.start, args=(slot, [request]),
              disabled=running is not None and running.active)
    if running is not None:
        watch.show(slot, SWEEP_TEXTS, lang)
    live = watch.results(slot, [request])
    if live is not None:
        return flows_from_json(live[0]["flows"]), t("ls_grad_live", lang, seconds=running.wall_s)
    rec = recorded_sweeps()
    if rec is None or init not in rec["sweeps"]:
        return [], t("ls_grad_missing", lang)
    return flows_from_json(rec["sweeps"][init]), t("ls_grad_recording", lang)
