"""The gradient lab tab: short live training runs (the net and its twin) and gradient flow at init.

Training never happens in the script thread (a rerun would kill it): the process-wide registry
starts or joins a job, and the live view (lab_live.py) polls it while it is active. The latest
snapshot stays in session state, so results stay after the run; the link names the run (`?run=`),
so a reconnect or a shared link watches it again.
"""

from __future__ import annotations

import os
import re

import streamlit as st

from .. import formatting
from ..config import NetConfig
from ..fields import ConfigError, Kind
from ..i18n import STRINGS, t
from ..lab import jobs
from ..lab.budget import busy, load_average
from ..lab.settings import TRAIN_OPTIONS
from ..lab.training import TrainConfig
from ..lab.training import default_net as default_net_config
from ..spec import build_spec
from . import lab_live, lab_sweep, lab_text, sidebar
from .cached import per_config
from .lab_live import STATE_KEY, LabState, lab_state, registry  # noqa: F401  (diagrams, lessons, benchmarks)
from .lab_live import seconds as _seconds

RUN_PARAM = "run"  # the link names the session's run, so a reconnect or a shared link finds it again
NET_CHOICES = ("default", "sidebar")  # the lab's default net, or the sidebar's
RUN_KEY = re.compile(r"[0-9a-f]{32}")  # jobs.run_key's form


def measured_grad_norms(cfg: NetConfig) -> dict[str, float]:
    """{"layer1.0": norm, ...}: each block's weight-gradient norm at the latest step of this
    session's run, if that run trained exactly `cfg`; {} otherwise (norms of another net mislead)."""
    state = st.session_state.get(STATE_KEY)
    if state is None or state.trained != cfg or state.snapshot is None:
        return {}
    traces = state.snapshot.traces
    return traces[0].block_grad_norms(-1) if traces and len(traces[0]) else {}


@per_config(max_entries=64)
def _estimate(cfg: NetConfig, train: TrainConfig) -> jobs.Estimate:
    return jobs.estimate(cfg, train)


# -- controls -------------------------------------------------------------------------------------

def _url_net_choice() -> list[ConfigError]:
    """`lab_net=default|sidebar` from the link into the radio (a value set since is kept)."""
    value = st.query_params.get("lab_net")
    if value is None:
        return []
    if value not in NET_CHOICES:
        del st.query_params["lab_net"]
        return [ConfigError("lab_net", value, " | ".join(NET_CHOICES))]
    st.session_state.setdefault("lab_net", value)
    return []


def _controls(cfg: NetConfig, lang: str) -> tuple[NetConfig, TrainConfig]:
    """One widget per row of TRAIN_OPTIONS (bounds and choices from there), bound to the URL as
    `lab_<key>` so a link carries the lab settings."""
    refused = sidebar.url_numbers(TRAIN_OPTIONS, "lab_") + _url_net_choice()
    sidebar.show_errors(st, refused, lang)
    default_net = default_net_config()
    # Synced by hand, as the worded choices: bound, the link would carry the label in the page's language.
    choice = st.radio(t("lab_which_net", lang), NET_CHOICES, key="lab_net", horizontal=True,
                      format_func=lambda c: t(f"lab_use_{c}", lang))
    if choice == NET_CHOICES[0]:
        st.query_params.pop("lab_net", None)
    elif st.query_params.get("lab_net") != choice:
        st.query_params["lab_net"] = choice
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
    lab_live.stop()
    state = lab_state()
    state.refused = None
    try:
        job, token = registry().submit(net, train)
    except jobs.Refused as e:
        state.refused = e
        return
    state.job, state.token, state.trained, state.final_rerun = job, token, net, False
    state.snapshot = job.poll(token)
    st.query_params[RUN_PARAM] = job.key


def _follow_link(lang: str) -> None:
    """A page that watches no run and a link that names one (a reconnect, a shared link, a reload):
    watch that run again; a run the server no longer knows says it was lost. A page that watches a
    run keeps its name in the link."""
    state = lab_state()
    key = st.query_params.get(RUN_PARAM)
    if state.job is not None:
        if key != state.job.key:
            st.query_params[RUN_PARAM] = state.job.key
        return
    if key is None:
        return
    if not RUN_KEY.fullmatch(key):
        del st.query_params[RUN_PARAM]
        st.warning(t("lab_bad_run", lang))
        return
    job, token = registry().rejoin(key)
    state.job, state.token, state.trained = job, token, job.net_cfg
    state.snapshot = job.poll(token)
    state.final_rerun = not state.snapshot.state.active  # nothing left to finish: no extra rerun


def _refusal(e: jobs.Refused, lang: str) -> None:
    est, budget = e.estimate, e.budget
    st.error(t("lab_refused", lang, reasons=", ".join(t(f"lab_over_{r}", lang) for r in e.reasons),
               seconds=_seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}",
               max_seconds=_seconds(budget.max_seconds), max_mib=f"{budget.max_bytes / 2**20:,.0f}"))
    st.info(t("lab_try_default", lang))


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
    runs = registry().active()
    if busy(runs):
        st.caption(t("lab_estimate_busy", lang, runs=runs, load=f"{load_average():.1f}", cores=jobs.CORES))
    st.markdown(f"**{lab_text.what_trains(net, train, lang)}**")
    _follow_link(lang)
    state = lab_state()
    running = state.job is not None and state.job.state.active
    st.button(t("lab_start", lang), key="lab_start", type="primary", on_click=_start, args=(net, train),
              disabled=running)
    if state.refused is not None:
        _refusal(state.refused, lang)
    lab_live.show(lang)
    lab_sweep.show(lang)
