"""The gradient lab tab: short live training runs (the net and its twin) and gradient flow at init.

Training never happens in the script thread (a rerun would kill it): the process-wide registry
starts or joins a job, and a fragment polls it every second while it is active.
The latest snapshot stays in session state, so results stay after the run.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass

import streamlit as st

from .. import formatting
from ..config import NetConfig
from ..fields import Kind
from ..i18n import STRINGS, t
from ..lab import jobs
from ..lab import plots as lab_plots
from ..lab.diagnostics import init_blowup
from ..lab.settings import TRAIN_OPTIONS
from ..lab.trace import Trace, traces_csv
from ..lab.training import TrainConfig
from ..lab.training import default_net as default_net_config
from ..spec import build_spec
from . import lab_sweep, lab_text, projector, sidebar
from .cached import per_config

POLL_S = 1.0
STATE_KEY = "lab"  # the session's one LabState


@dataclass
class LabState:
    """Everything the lab keeps for one session: the job it watches and what it last saw."""

    job: jobs.Job | None = None
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


def measured_grad_norms(cfg: NetConfig) -> dict[str, float]:
    """{"layer1.0": norm, ...}: each block's weight-gradient norm at the latest step of this
    session's run, if that run trained exactly `cfg`; {} otherwise (norms of another net mislead)."""
    state = st.session_state.get(STATE_KEY)
    if state is None or state.trained != cfg or state.snapshot is None:
        return {}
    traces = state.snapshot.traces
    return traces[0].block_grad_norms(-1) if traces and len(traces[0]) else {}


def _seconds(s: float) -> str:
    return "?" if not math.isfinite(s) else (f"{s:.0f} s" if s < 120 else f"{s / 60:.1f} min")


@st.cache_resource(show_spinner=False)
def registry() -> jobs.Registry:
    """The server's one job registry (shared by every session), made with its thread policy."""
    jobs.configure_threads()
    return jobs.Registry(jobs.RunLimiter(jobs.DEFAULT_SLOTS))


@per_config(max_entries=64)
def _estimate(cfg: NetConfig, train: TrainConfig) -> jobs.Estimate:
    return jobs.estimate(cfg, train)


# -- controls -------------------------------------------------------------------------------------

def _controls(cfg: NetConfig, lang: str) -> tuple[NetConfig, TrainConfig]:
    """One widget per row of TRAIN_OPTIONS (bounds and choices from there), bound to the URL as
    `lab_<key>` so a link carries the lab settings."""
    refused = sidebar.url_numbers(TRAIN_OPTIONS, "lab_")
    sidebar.show_errors(st, refused, lang)
    default_net = default_net_config()
    choice = st.radio(t("lab_which_net", lang), ["default", "sidebar"], key="lab_net", horizontal=True,
                      bind="query-params", format_func=lambda c: t(f"lab_use_{c}", lang))
    net = default_net if choice == "default" else cfg
    d = TrainConfig()  # the defaults: a twin run that ends in well under 30 s on 2 cores
    defaults = {opt.key: getattr(d, opt.field) for opt in TRAIN_OPTIONS}
    c1, c2, c3, c4 = st.columns(4)
    c5, c6, c7 = st.columns(3)
    place = {"dataset": c1, "optimizer": c2, "lr": c2, "warmup": c3, "batch": c3, "steps": c4,
             "seed": c4, "flip": c5, "crop": c6, "twin": c7}
    choice_text = {"dataset": "lab_data_{}", "optimizer": "lab_opt_{}"}
    values = {}
    for opt in TRAIN_OPTIONS:
        where, key = place[opt.key], "lab_" + opt.key
        label = t(key, lang)
        helptext = t(key + "_help", lang) if key + "_help" in STRINGS["en"] else None
        default = defaults[opt.key]
        if opt.kind is Kind.CHOICE:
            values[opt.key] = where.selectbox(
                label, list(opt.choices), index=opt.choices.index(default), key=key,
                format_func=lambda v, k=opt.key: t(choice_text[k].format(v), lang))
        elif opt.suggested:
            values[opt.key] = where.select_slider(label, list(opt.suggested), value=default, key=key,
                                                  bind="query-params", format_func=formatting.value)
        elif opt.kind is Kind.INT:  # not bound (as the choices): url_numbers and sync_numbers carry it
            values[opt.key] = where.number_input(label, int(opt.lo), int(opt.hi), default, key=key)
        elif opt.widget == "checkbox":
            values[opt.key] = where.checkbox(label, default, key=key, bind="query-params", help=helptext)
        else:
            values[opt.key] = where.toggle(label, default, key=key, bind="query-params", help=helptext)
    sidebar.sync_numbers(TRAIN_OPTIONS, defaults, "lab_")
    root = ""
    if values["dataset"] == "cifar10":
        # The server's setting, not a field: students on a shared server must not browse its disk.
        root = os.environ.get("RESNET_EXPLORER_DATA", "data")
        c1.caption(t("lab_data_root", lang, root=root))
    if values["optimizer"] == "adam" and values["lr"] > 0.01:
        st.caption(t("lab_adam_hint", lang))
    fields = {opt.field: values[opt.key] for opt in TRAIN_OPTIONS}
    return net, TrainConfig(data_root=root, **fields)


def _start(net: NetConfig, train: TrainConfig) -> None:
    _stop()
    state = lab_state()
    state.refused = None
    try:
        job, token = registry().submit(net, train)
    except jobs.Refused as e:
        state.refused = e
        return
    state.job, state.token, state.trained, state.final_rerun = job, token, net, False
    state.snapshot = job.poll(token)


def _stop() -> None:
    state = lab_state()
    if state.job is not None:
        state.job.stop(state.token)
        state.snapshot = state.job.poll()
        state.final_rerun = True


def _refusal(e: jobs.Refused, lang: str) -> None:
    est, budget = e.estimate, e.budget
    st.error(t("lab_refused", lang, reasons=", ".join(t(f"lab_over_{r}", lang) for r in e.reasons),
               seconds=_seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}",
               max_seconds=_seconds(budget.max_seconds), max_mib=f"{budget.max_bytes / 2**20:,.0f}"))
    st.info(t("lab_try_default", lang))


# -- live view ------------------------------------------------------------------------------------

def _status(snap: jobs.Snapshot, lang: str) -> None:
    state = snap.state
    if state is jobs.State.QUEUED:
        st.info(t("lab_queued", lang, position=snap.queue_position, eta=_seconds(snap.eta_s)))
    frac = snap.steps_done / snap.steps_total if snap.steps_total else 0.0
    text = t("lab_progress", lang, done=snap.steps_done, total=snap.steps_total,
             elapsed=_seconds(snap.elapsed_s), eta=_seconds(snap.eta_s))
    st.progress(min(1.0, frac), text=text)
    if state is jobs.State.DONE:
        st.success(t("lab_done", lang, seconds=_seconds(snap.elapsed_s)))
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
            st.error(t("lab_diverged", lang, message=snap.message))
    elif state is jobs.State.FAILED and snap.reason:  # over time, a dead worker, a lost run
        st.error(t(f"lab_failed_{snap.reason}", lang, done=snap.steps_done, elapsed=_seconds(snap.elapsed_s),
                   budget=_seconds(registry().budget.max_seconds)))
    elif state is jobs.State.FAILED:
        st.error(t("lab_failed", lang, message=snap.message))


@st.cache_resource(max_entries=256, ttl=900, show_spinner=False)
def _figures(run: tuple, steps: int, i: int, lang: str, projector: bool, live: bool,
             _traces: tuple[Trace, ...]) -> dict:
    """The figures of one run at one step, built once and shared read-only by all the sessions
    watching it (identical runs are one job): building them costs ~60 ms, handing a built figure
    to Streamlit ~2 ms, which is what lets a class of 60 watch at once. While the run is live only
    the light set (curves, latest depth profile); between two steps every poll hands over the same
    figures, so the page has nothing new to redraw."""
    traces = list(_traces)
    if live:
        return lab_plots.live_figures(traces, lang, projector)
    return lab_plots.all_figures(traces, i, lang, projector)


def _plots(snap: jobs.Snapshot, lang: str, live: bool) -> None:
    traces = [tr for tr in snap.traces if len(tr)]
    if not traces:
        return
    n = len(traces[0])
    i = n - 1
    if not live and n > 1:
        i = st.slider(t("lab_step_slider", lang), 0, n - 1, n - 1, key="lab_step")
    job = lab_state().job
    figs = _figures((job.net_cfg, job.train), n, i, lang, projector.enabled(), live, tuple(traces))
    if live:
        st.caption(t("lab_live_light", lang))
    else:
        cols = st.columns(len(traces))
        for col, tr in zip(cols, traces):
            col.plotly_chart(figs[f"heat_{tr.label}"], key=f"lab_heat_{tr.label}")
    st.plotly_chart(figs["profile"], key="lab_profile")
    st.plotly_chart(figs["curves"], key="lab_curves")
    if not live:
        cols = st.columns(len(traces))
        for col, tr in zip(cols, traces):
            col.plotly_chart(figs[f"split_{tr.label}"], key=f"lab_split_{tr.label}")
    st.markdown(f"**{t('lab_diagnostics', lang, step=traces[0].step[i])}**")
    lab_text.diagnostics(traces, i, lang)


def _downloads(snap: jobs.Snapshot, lang: str) -> None:
    traces = [tr for tr in snap.traces if len(tr)]
    if not traces:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("lab_csv", lang), traces_csv(traces), "gradient_lab.csv", "text/csv",
                       key="lab_dl_csv", on_click="ignore")
    c2.download_button(t("lab_json", lang), json.dumps([tr.to_dict() for tr in traces]), "gradient_lab.json",
                       "application/json", key="lab_dl_json", on_click="ignore")


def _live(lang: str) -> None:
    """Fragment body: poll the job, draw; one full rerun when it ends (stops the polling)."""
    state = lab_state()
    if state.job is not None and (state.snapshot is None or state.active):
        state.snapshot = state.job.poll(state.token)
    snap = state.snapshot
    if snap is None:
        return
    active = snap.state.active
    _status(snap, lang)
    if active:
        st.button(t("lab_stop", lang), key="lab_stop", on_click=_stop, type="secondary")
    _plots(snap, lang, live=active)
    if not active:
        _downloads(snap, lang)
        if not state.final_rerun:
            state.final_rerun = True
            st.rerun()


# -- the tab --------------------------------------------------------------------------------------

def show(cfg: NetConfig, lang: str) -> None:
    st.subheader(t("lab_header", lang))
    st.caption(t("lab_intro", lang))
    net, train = _controls(cfg, lang)
    est = _estimate(net, train)
    over = est.over(registry().budget)
    if over and net != default_net_config():
        st.warning(t("lab_too_big", lang, params=f"{est.params / 1e6:.1f}", seconds=_seconds(est.seconds),
                     mib=f"{est.bytes / 2**20:,.0f}"))
    depth = build_spec(net).depth  # the lab refits input size and classes, never the depth
    st.caption(t("lab_estimate", lang, seconds=_seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}",
                 nets=est.nets, depth=depth,
                 slots=registry().limiter.slots, threads=jobs.THREADS_PER_NET))
    st.markdown(f"**{lab_text.what_trains(net, train, lang)}**")
    state = lab_state()
    running = state.job is not None and state.job.state.active
    st.button(t("lab_start", lang), key="lab_start", type="primary", on_click=_start, args=(net, train),
              disabled=running)
    if state.refused is not None:
        _refusal(state.refused, lang)
    st.fragment(run_every=POLL_S if state.active else None)(_live)(lang)
    lab_sweep.show(lang)
