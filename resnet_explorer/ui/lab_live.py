"""The gradient lab's live view: where the session's run stands (ui/watch.py), and its figures in a
fragment of their own.

Every watching session polls the run's progress every watch.POLL_S; the figures fragment runs only
every LIVE_PLOT_S, at a step all sessions share (plots.live_steps), so a figure is re-sent, and
redrawn by the browser, only when it shows something new, and one built set serves every session
(figures are built once per run, step and language: lab/figcache.py).
"""

from __future__ import annotations

import json

import streamlit as st

from .. import formatting
from ..i18n import t
from ..lab import plots as lab_plots
from ..lab import summaries as lab_summaries
from ..lab.diagnostics import init_blowup
from ..lab.figcache import FigureCache, Figures
from ..lab.trace import Trace, traces_csv
from ..runs import Snapshot, State
from . import charts, lab_text, labrun, projector, safe, watch

TEXTS = watch.Texts("lab", "lab_progress", done=True, bar_after=True)
# The shared figure sets of all runs, in memory (lab/figcache.py counts them); part of the ceiling
# stated in ui/cached.py.
FIGURE_BUDGET_MIB = 48


@st.cache_resource(show_spinner=False)
def figure_cache() -> FigureCache:
    return FigureCache(FIGURE_BUDGET_MIB * 2**20)


def _diverged_at_init(snap: Snapshot, lang: str) -> bool:
    """A run that blew up before any update: the rate is not the cause, the initialisation is."""
    w = labrun.current()
    if snap.state is not State.DIVERGED or w is None:
        return False
    blown = [tr for tr in labrun.traces(w) if init_blowup(tr)]
    if not blown:
        return False
    tr = blown[0]
    cause = ("lab_dx_cause_residual_nobn" if any(tr.residual) and not tr.config.batchnorm
             else "lab_dx_cause_init")
    st.error(t("lab_diverged_init", lang, loss=formatting.value(tr.loss[0]), cause=t(cause, lang)))
    return True


def figures(w: watch.Watch, traces: list[Trace], i: int, lang: str, live: bool) -> Figures:
    """The figures of one run at one step, built once and shared read-only by all the sessions
    watching it (identical runs are one run)."""
    on = projector.enabled()
    # id(handle): a run started again under the same key is another run, whose figures differ.
    key = (w.handles[0].key, id(w.handles[0]), len(traces[0]), i, lang, on, live)
    if live:
        return figure_cache().get(key, lambda: lab_plots.live_figures(traces, lang, on))
    return figure_cache().get(key, lambda: lab_plots.all_figures(traces, i, lang, on))


def shown_traces(w: watch.Watch) -> list[Trace]:
    """The traces the figures show: while live, up to the step all watchers share (live_steps)."""
    traces = [tr for tr in labrun.traces(w) if len(tr)]
    if traces and w.active:
        n = lab_plots.live_steps(traces[0].time_s, lab_plots.LIVE_PLOT_S)
        traces = [tr.head(n) for tr in traces]
    return traces


def plots(w: watch.Watch, lang: str) -> None:
    live = w.active
    traces = shown_traces(w)
    if not traces:
        return
    n = len(traces[0])
    i = n - 1
    if not live and n > 1:
        i = st.slider(t("lab_step_slider", lang), 0, n - 1, n - 1, key="lab_step")
    figs = figures(w, traces, i, lang, live)
    # The sentences are read from the same traces as the figures (cheap: built on every run).
    said = (lab_summaries.live_summaries(traces, lang) if live
            else lab_summaries.all_summaries(traces, i, lang))
    if live:
        st.caption(t("lab_live_light", lang, every=watch.seconds(lab_plots.LIVE_PLOT_S)))
    else:
        for col, tr in zip(st.columns(len(traces)), traces):
            with col:
                charts.chart(figs[f"heat_{tr.label}"], said[f"heat_{tr.label}"], f"lab_heat_{tr.label}")
    charts.chart(figs["profile"], said["profile"], "lab_profile")
    charts.chart(figs["curves"], said["curves"], "lab_curves")
    if not live:
        for col, tr in zip(st.columns(len(traces)), traces):
            with col:
                charts.chart(figs[f"split_{tr.label}"], said[f"split_{tr.label}"], f"lab_split_{tr.label}")
    st.markdown(f"**{t('lab_diagnostics', lang, step=traces[0].step[i])}**")
    lab_text.diagnostics(traces, i, lang)


def downloads(w: watch.Watch, lang: str) -> None:
    """The run's numbers as CSV and JSON, made only when a download is clicked."""
    traces = [tr for tr in labrun.traces(w) if len(tr)]
    if not traces:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("lab_csv", lang), lambda: traces_csv(traces), "gradient_lab.csv", "text/csv",
                       key="lab_dl_csv", on_click="ignore")
    c2.download_button(t("lab_json", lang), lambda: json.dumps([tr.to_dict() for tr in traces]),
                       "gradient_lab.json", "application/json", key="lab_dl_json", on_click="ignore")


def _figures_view(lang: str) -> None:
    w = labrun.current()
    if w is None:
        return
    plots(w, lang)
    if not w.active:
        downloads(w, lang)


def _figures_fragment(lang: str) -> None:
    safe.view(_figures_view, lang, lang)


def show(lang: str) -> None:
    """The run's status and figures; both poll only while the session's run is active."""
    w = labrun.current()
    if w is None:
        return
    watch.show(labrun.SLOT, TEXTS, lang, lambda snap: _diverged_at_init(snap, lang))
    st.fragment(run_every=lab_plots.LIVE_PLOT_S if w.active else None)(_figures_fragment)(lang)
