"""The gradient-flow depth sweep, for the lab's sweep panel and the gradient-flow lesson alike: the
shipped recording (five seeds, both inits) at once, a live re-run of one init and seed in a worker
process (ui/watch.py) a click away; the sweep (48 backward passes) never runs in the web server. The
texts quote the recording's ranges (lessons/claims.py); a live run is checked against them."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..lab.gradflow import Flow
from ..lessons import claims, words
from ..lessons import recordings as rec_files
from ..lessons.tasks import gradflow_request
from . import watch

SWEEP_TEXTS = watch.Texts("ls_job", "ls_job_progress_sweep")


@st.cache_data(max_entries=1, show_spinner=False)
def recorded_sweeps() -> dict | None:
    return rec_files.read_json(rec_files.gradflow_path())


@st.cache_data(max_entries=4, show_spinner=False)
def recorded_facts(values: str = "stream") -> claims.Verdict | None:
    """The recording's ranges of `values` over its seeds (what the texts quote)."""
    rec = recorded_sweeps()
    return claims.gradflow(rec_files.sweeps_of(rec), values) if rec else None


def seeds() -> tuple[int, ...]:
    rec = recorded_sweeps()
    return rec_files.recorded_seeds(rec) if rec else rec_files.GRADFLOW_SEEDS


def sweep_flows(init: str, seed: int, slot: str, lang: str) -> tuple[list[Flow], str, bool]:
    """The recorded sweep of `init` and `seed` at once, with a button for a live re-run of it; the
    live flows once that has finished. The caption says which is shown and how it was made; the flag
    says whether the flows are a live run."""
    request = gradflow_request(init, seed=seed)
    running = watch.current(slot, [request])
    st.button(t("ls_grad_rerun", lang), key=f"{slot}_rerun", on_click=watch.start, args=(slot, [request]),
              disabled=running is not None and running.active)
    if running is not None:
        watch.show(slot, SWEEP_TEXTS, lang)
    live = watch.results(slot, [request])
    if live is not None:
        flows = rec_files.flows_from_json(live[0]["flows"])
        return flows, t("ls_grad_live", lang, seconds=running.wall_s), True
    rec = recorded_sweeps()
    flows = None if rec is None else rec_files.recorded_flows(rec, init, seed)
    if flows is None:
        return [], t("ls_grad_missing", lang), False
    return flows, words.gradflow_recording(rec_files.recorded_seeds(rec), lang), False


def live_check(init: str, seed: int, flows: list[Flow], lang: str) -> None:
    """Whether a live sweep shows the lesson's claims, in one sentence."""
    verdict = claims.gradflow({init: {seed: flows}})
    if verdict.holds:
        st.success(t("ls_claim_live_ok", lang))
    else:
        which = "; ".join(t(f"claim_{name.removeprefix(init + '_')}", lang) for name in verdict.failed)
        st.warning(t("ls_claim_live_fails", lang, which=which))
