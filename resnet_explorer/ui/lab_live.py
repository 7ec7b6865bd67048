"""The gradient lab's live view: the session's run, drawn by two polling fragments.

Every watching session polls: the progress fragment every POLL_S (the poll keeps the session's watch
alive and moves the bar), the figures fragment only every LIVE_PLOT_S, at a step all sessions share
(plots.live_steps), so a figure is re-sent, and redrawn by the browser, only when it shows something
new. Each fragment body runs behind safe.view: a fragment rerun does not pass through the tab's own
protection, and a bug in it must show one sentence, not a traceback.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import streamlit as st

from .. import formatting
from ..config import NetConfig
from ..i18n import t
from ..lab import jobs
from ..lab import plots as lab_plots
from ..lab.diagnostics import init_blowup
from ..lab.figcache import FigureCache, Figures
from ..lab.trace import Trace, traces_csv
from . import lab_text, projector, safe

# Seconds between two polls of the progress. In headless Chromium on 2 cores each poll of the lab page
# costs the browser ~0.2 s of CPU (progress only): 0.2 core at one a second, 0.1 at one every 2 s.
POLL_S = 1.5
STATE_KEY = "lab"  # the session's one LabState
# The shared figure sets of all runs, in memory (lab/figcache.py counts them); part of the ceiling
# stated in ui/cached.py. The default run's full set takes about 1.4 MiB by that count.
FIGURE_BUDGET_MIB = 48


@dataclass
class LabState:
    """Everything the lab keeps for one session: the job it watches and what it last saw."""

    job: jobs.Job | jobs.LostJob | None = None
    token: str | None = None  # this session's watch on the job
    snapshot: jobs.Snapshot | None = None  # latest poll; stays after the run ends
    trained: NetConfig | None = None  # the network the job trains, as chosen (before the lab refits it)
    refused: jobs.Refused | None = None
    final_rerun: bool = False  # the one full rerun after a run ends has happened

    @property
    def active(self) -> bool:
        return self.snapshot is not None and self.snapshot.state.active


def lab_state() -> LabState:
    return st.session_state.setdefault(STATE_KEY, LabState())


@st.cache_resource(show_spinner=False)
def registry() -> jobs.Registry:
    """The server's one job registry (shared by every session), made with its thread policy."""
    jobs.configure_threads()
    return jobs.Registry(jobs.RunLimiter(jobs.DEFAULT_SLOTS))


@st.cache_resource(show_spinner=False)
def figure_cache() -> FigureCache:
    return FigureCache(FIGURE_BUDGET_MIB * 2**20)


def seconds(s: float) -> str:
    return "?" if not math.isfinite(s) else (f"{s:.0f} s" if s < 120 else f"{s / 60:.1f} min")


def stop() -> None:
    state = lab_state()
    if state.job is not None:
        state.job.stop(state.token)
        state.snapshot = state.job.poll()


# -- progress -------------------------------------------------------------------------------------

def status(snap: jobs.Snapshot, lang: str) -> None:
    state = snap.state
    if state is jobs.State.QUEUED:
        st.info(t("lab_queued", lang, position=snap.queue_position, eta=seconds(snap.eta_s)))
    frac = snap.steps_done / snap.steps_total if snap.steps_total else 0.0
    text = t("lab_progress", lang, done=snap.steps_done, total=snap.steps_total,
             elapsed=seconds(snap.elapsed_s), eta=seconds(snap.eta_s))
    st.progress(min(1.0, frac), text=text)
    if state is jobs.State.DONE:
        st.success(t("lab_done", lang, seconds=seconds(snap.elapsed_s)))
    elif state in (jobs.State.STOPPED, jobs.State.CANCELLED):
        st.warning(t(f"lab_{state.value}", lang, done=snap.steps_done))
    elif state is jobs.State.DIVERGED:
        blown = [tr for tr in snap.traces if init_blowup(tr)]
        if blown:  # the loss was huge before any update: the rate is not the cause, the init is
            tr = blown[0]
            cause = ("lab_dx_cause_residual_nobn" if any(tr.residual) and not tr.config.batchnorm
                     else "lab_dx_cause_init")
            st.error(t("lab_diverged_init", lang, loss=formatting.value(tr.loss[0]), cause=t(cause, lang)))
        else:
            st.error(t("lab_diverged", lang, message=safe.plain(snap.message)))
    elif state is jobs.State.FAILED and snap.reason:  # over time, a dead worker, a lost run
        st.error(t(f"lab_failed_{snap.reason}", lang, done=snap.steps_done, elapsed=seconds(snap.elapsed_s),
                   budget=seconds(registry().budget.max_seconds)))
    elif state is jobs.State.FAILED:
        st.error(t("lab_failed", lang, message=safe.plain(snap.message)))


def _progress(lang: str) -> None:
    """Poll the job, say where it stands; one full rerun when it ends (which stops the polling)."""
    state = lab_state()
    if state.job is not None and (state.snapshot is None or state.active):
        state.snapshot = state.job.poll(state.token)
    snap = state.snapshot
    if snap is None:
        return
    status(snap, lang)
    if snap.state.active:
        st.button(t("lab_stop", lang), key="lab_stop", on_click=stop, type="secondary")
    elif not state.final_rerun:
        state.final_rerun = True
        st.rerun()


# -- figures --------------------------------------------------------------------------------------

def figures(job: object, traces: list[Trace], i: int, lang: str, live: bool) -> Figures:
    """The figures of one run at one step, built once and shared read-only by all the sessions
    watching it (identical runs are one job): building them costs ~80-150 ms, handing a built
    figure to Streamlit a few ms, which is what lets a class of 60 watch at once."""
    on = projector.enabled()
    # id(job): a run started again under the same key is another job, whose figures differ.
    key = (getattr(job, "key", ""), id(job), len(traces[0]), i, lang, on, live)
    if live:
        return figure_cache().get(key, lambda: lab_plots.live_figures(traces, lang, on))
    return figure_cache().get(key, lambda: lab_plots.all_figures(traces, i, lang, on))


def shown_traces(snap: jobs.Snapshot) -> list[Trace]:
    """The traces the figures show: while live, up to the step all watchers share (live_steps)."""
    traces = [tr for tr in snap.traces if len(tr)]
    if traces and snap.state.active:
        n = lab_plots.live_steps(traces[0].time_s, lab_plots.LIVE_PLOT_S)
        traces = [tr.head(n) for tr in traces]
    return traces


def plots(snap: jobs.Snapshot, lang: str) -> None:
    live = snap.state.active
    traces = shown_traces(snap)
    if not traces:
        return
    n = len(traces[0])
    i = n - 1
    if not live and n > 1:
        i = st.slider(t("lab_step_slider", lang), 0, n - 1, n - 1, key="lab_step")
    figs = figures(lab_state().job, traces, i, lang, live)
    if live:
        st.caption(t("lab_live_light", lang, every=seconds(lab_plots.LIVE_PLOT_S)))
    else:
        for col, tr in zip(st.columns(len(traces)), traces):
            col.plotly_chart(figs[f"heat_{tr.label}"], key=f"lab_heat_{tr.label}")
    st.plotly_chart(figs["profile"], key="lab_profile")
    st.plotly_chart(figs["curves"], key="lab_curves")
    if not live:
        for col, tr in zip(st.columns(len(traces)), traces):
            col.plotly_chart(figs[f"split_{tr.label}"], key=f"lab_split_{tr.label}")
    st.markdown(f"**{t('lab_diagnostics', lang, step=traces[0].step[i])}**")
    lab_text.diagnostics(traces, i, lang)


def downloads(snap: jobs.Snapshot, lang: str) -> None:
    """The run's numbers as CSV and JSON, made only when a download is clicked (~50 ms each)."""
    traces = [tr for tr in snap.traces if len(tr)]
    if not traces:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("lab_csv", lang), lambda: traces_csv(traces), "gradient_lab.csv", "text/csv",
                       key="lab_dl_csv", on_click="ignore")
    c2.download_button(t("lab_json", lang), lambda: json.dumps([tr.to_dict() for tr in traces]),
                       "gradient_lab.json", "application/json", key="lab_dl_json", on_click="ignore")


def _figures_view(lang: str) -> None:
    snap = lab_state().snapshot
    if snap is None:
        return
    plots(snap, lang)
    if not snap.state.active:
        downloads(snap, lang)


# -- the fragments --------------------------------------------------------------------------------

def _progress_fragment(lang: str) -> None:
    safe.view(_progress, lang, lang)


def _figures_fragment(lang: str) -> None:
    safe.view(_figures_view, lang, lang)


def show(lang: str) -> None:
    """Both fragments; they poll only while the session's run is active."""
    active = lab_state().active
    st.fragment(run_every=POLL_S if active else None)(_progress_fragment)(lang)
    st.fragment(run_every=lab_plots.LIVE_PLOT_S if active else None)(_figures_fragment)(lang)
