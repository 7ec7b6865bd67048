"""The gradient lab tab: short live training runs (the net and its twin) and gradient flow at init.

Training never happens in the server's process (a rerun would kill it, and a class shares the
server): a run is asked of the server's registry (ui/runs.py), which joins an identical run or queues
a new one for its workers, and the live view (lab_live.py) polls it while it is active. What the
session watches stays in its session state, so results stay after the run; the link names the run
(`?run=`), so a reconnect or a shared link watches it again.
"""

from __future__ import annotations

import os

import streamlit as st

from .. import formatting
from ..analysis import Analysis
from ..config import NetConfig
from ..fields import ConfigError, Kind
from ..i18n import STRINGS, t
from ..lab import budget as lab_budget
from ..lab.budget import Estimate, Refused, busy, load_average
from ..lab.settings import TRAIN_OPTIONS, TrainConfig
from ..lab.settings import default_net as default_net_config
from ..lab.task import KIND, lab_request
from ..runs.handle import Lost
from ..runs.service import KEY
from ..spec import build_spec
from . import lab_live, lab_sweep, lab_text, labrun, links, watch
from .cached import analysis, per_config
from .runs import budget, gpu, registry

RUN_PARAM = "run"  # the link names the session's run, so a reconnect or a shared link finds it again
NET_CHOICES = ("default", "sidebar")  # the lab's default net, or the sidebar's
REFUSED_KEY = "lab_refused"
# Where each option's widget goes: four columns, then three (the table's other rows are not lab widgets).
PLACE = {"dataset": (0, 0), "optimizer": (0, 1), "lr": (0, 1), "warmup": (0, 2), "batch": (0, 2),
         "steps": (0, 3), "seed": (0, 3), "flip": (1, 0), "crop": (1, 1), "twin": (1, 2)}
LAB_OPTIONS = tuple(o for o in TRAIN_OPTIONS if o.key in PLACE)


@per_config(max_entries=64)
def _estimate(cfg: NetConfig, train: TrainConfig) -> Estimate:
    analyses: list[Analysis] = [analysis(c) for c in lab_budget.fitted(cfg, train)]
    return lab_budget.estimate(cfg, train, gpu(), analyses)


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
    """One widget per lab row of TRAIN_OPTIONS (bounds and choices from there), bound to the URL as
    `lab_<key>` so a link carries the lab settings."""
    refused = links.url_numbers(LAB_OPTIONS, "lab_") + _url_net_choice()
    links.show_errors(st, refused, lang)
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
    defaults = {opt.key: getattr(d, opt.field) for opt in LAB_OPTIONS}
    rows = (st.columns(4), st.columns(3))
    choice_text = {"dataset": "lab_data_{}", "optimizer": "lab_opt_{}"}
    values = {}
    for opt in LAB_OPTIONS:
        row, col = PLACE[opt.key]
        where, key = rows[row][col], "lab_" + opt.key
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
        elif opt.key == "flip" and values["dataset"] == "gratings":  # a mirrored grating is another class
            values[opt.key] = where.checkbox(label, False, key="lab_flip_off", disabled=True,
                                             help=t("lab_flip_gratings", lang)) and False
        elif opt.widget == "checkbox":
            values[opt.key] = where.checkbox(label, default, key=key, bind="query-params", help=helptext)
        else:
            values[opt.key] = where.toggle(label, default, key=key, bind="query-params", help=helptext)
    links.sync_numbers(LAB_OPTIONS, defaults, "lab_")
    root = ""
    if values["dataset"] == "cifar10":
        # The server's setting, not a field: students on a shared server must not browse its disk.
        root = os.environ.get("RESNET_EXPLORER_DATA", "data")
        rows[0][0].caption(t("lab_data_root", lang, root=root))
    if values["optimizer"] == "adam" and values["lr"] > 0.01:
        st.caption(t("lab_adam_hint", lang))
    fields = {opt.field: values[opt.key] for opt in LAB_OPTIONS}
    return net, TrainConfig(data_root=root, **fields)


def _start(net: NetConfig, train: TrainConfig) -> None:
    st.session_state.pop(REFUSED_KEY, None)
    est = _estimate(net, train)
    reasons = est.over(budget())
    if reasons:
        st.session_state[REFUSED_KEY] = Refused(est, budget(), reasons)
        watch.stop(labrun.SLOT)
        return
    w = watch.start(labrun.SLOT, [lab_request(net, train, est, budget().max_seconds)])
    st.query_params[RUN_PARAM] = w.handles[0].key


def _follow_link(lang: str) -> None:
    """A page that watches no run and a link that names one (a reconnect, a shared link, a reload):
    watch that run again; a run the server no longer knows says it was lost. A page that watches a
    run keeps its name in the link."""
    w = labrun.current()
    key = st.query_params.get(RUN_PARAM)
    if w is not None:
        if key != w.handles[0].key:
            st.query_params[RUN_PARAM] = w.handles[0].key
        return
    if key is None:
        return
    if not KEY.fullmatch(key):
        del st.query_params[RUN_PARAM]
        st.warning(t("lab_bad_run", lang))
        return
    handle, token = registry().rejoin(key)
    if handle.request is not None and handle.request.kind != KIND:  # a link names lab runs only
        handle, token = Lost(key), ""
    watch.adopt(labrun.SLOT, handle, token)


def _refusal(e: Refused, lang: str) -> None:
    est, limit = e.estimate, e.budget
    st.error(t("lab_refused", lang, reasons=", ".join(t(f"lab_over_{r}", lang) for r in e.reasons),
               seconds=watch.seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}",
               max_seconds=watch.seconds(limit.max_seconds), max_mib=f"{limit.max_bytes / 2**20:,.0f}"))
    st.info(t("lab_try_default", lang))


# -- the tab --------------------------------------------------------------------------------------

def show(cfg: NetConfig, lang: str) -> None:
    st.subheader(t("lab_header", lang))
    st.caption(t("lab_intro", lang))
    net, train = _controls(cfg, lang)
    est = _estimate(net, train)
    if est.over(budget()) and net != default_net_config():
        st.warning(t("lab_too_big", lang, params=f"{est.params / 1e6:.1f}",
                     seconds=watch.seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}"))
    depth = build_spec(net).depth  # the lab refits input size and classes, never the depth
    scheduler = registry().scheduler
    values = dict(seconds=watch.seconds(est.seconds), mib=f"{est.bytes / 2**20:,.0f}", nets=est.nets,
                  depth=depth, threads=lab_budget.THREADS_PER_NET)
    if scheduler is not None:
        st.caption(t("lab_estimate", lang, workers=scheduler.size, **values))
    else:
        st.caption(t("lab_estimate_shared", lang, **values))
    runs = registry().active()
    if busy(runs):
        st.caption(t("lab_estimate_busy", lang, runs=runs, load=f"{load_average():.1f}",
                     cores=lab_budget.CORES))
    st.markdown(f"**{lab_text.what_trains(net, train, lang)}**")
    _follow_link(lang)
    w = labrun.current()
    st.button(t("lab_start", lang), key="lab_start", type="primary", on_click=_start, args=(net, train),
              disabled=w is not None and w.active)
    refused = st.session_state.get(REFUSED_KEY)
    if refused is not None:
        _refusal(refused, lang)
    lab_live.show(lang)
    lab_sweep.show(lang)
