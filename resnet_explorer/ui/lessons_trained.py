"""The lesson scenes that need trained nets: degradation (a recording, or a live run), the lesion
study, BatchNorm in training vs evaluation, layer responses. Experiments come from lab/lessons.py;
whatever trains (a live re-run, a retraining) runs as a job in a worker process (ui/lesson_live.py),
never in this process. The lesion scene opens on a recording of the study of the shipped nets; the
BatchNorm and response scenes run the shipped nets forward on 256 images (no training, about a
second, cached once for the whole server)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from ..config import NetConfig
from ..i18n import t
from ..lab import lesson_tasks, lessons
from ..lab.lessons_bn import bn_modes, layer_responses
from . import lesson_live, projector

COLOURS = {"plain-20": "#f4a259", "plain-56": "#c0392b", "ResNet-20": "#5dade2", "ResNet-56": "#1f4e99"}
BN_IMAGES = 256  # one batch of held-out images for the BatchNorm and layer-response scenes


def _ask(lesson: str, question: str, answer: str, lang: str) -> bool:
    from .lessons import ask  # the frame's reveal button (imported late: lessons imports this module)

    return ask(lesson, question, answer, lang)


# ---------------------------------------------------------------------------------------------
# Degradation


@st.cache_data(max_entries=8, show_spinner=False)
def recording(seed: int) -> dict | None:
    path = lessons.recording_path(seed)
    return json.loads(path.read_text()) if path.is_file() else None


def degradation_figure(runs: list[dict], lang: str) -> go.Figure:
    fig = make_subplots(1, 2, column_widths=[0.7, 0.3],
                        subplot_titles=(t("ls_train_loss", lang), t("ls_train_acc", lang)))
    for r in runs:
        colour = COLOURS.get(r["name"])
        dash = "solid" if r["residual"] else "dash"
        steps = list(range(1, len(r["train_loss"]) + 1))
        fig.add_trace(go.Scatter(x=steps, y=r["train_loss"], name=r["name"], mode="lines",
                                 line=dict(color=colour, dash=dash), legendgroup=r["name"]), 1, 1)
        fig.add_trace(go.Bar(x=[r["name"]], y=[r["train_acc"]], marker_color=colour, showlegend=False,
                             text=[f"{r['train_acc']:.0%}"], textposition="outside"), 1, 2)
    fig.update_xaxes(title=t("ls_step", lang), row=1, col=1)
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%", row=1, col=2)
    fig.update_layout(height=430, margin=dict(t=50, b=40), legend=dict(orientation="h", y=-0.2))
    return fig


def _runs_table(runs: list[dict], lang: str) -> None:
    st.table({t("ls_net", lang): [r["name"] for r in runs],
              t("ls_final_loss", lang): [f"{r['final_train_loss']:.3f}" for r in runs],
              t("ls_train_acc", lang): [f"{r['train_acc']:.1%}" for r in runs]})


def degradation_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_deg_text", lang))
    settings = lessons.TrainSettings()
    seed = st.segmented_control(t("ls_seed", lang), list(lessons.RECORDED_SEEDS), default=0,
                                key="ls_deg_seed", required=True)
    seed = 0 if seed is None else int(seed)
    st.caption(t("ls_fair", lang, n=f"{settings.n_train:,}", seed=seed, lr=settings.lr,
                 warmup=settings.warmup, batch=settings.batch, steps=settings.steps))
    revealed = _ask("degradation", t("ls_deg_q", lang), t("ls_deg_a", lang), lang)
    # The four nets train in a worker process (136 s measured on two cores beside other work); the
    # page shows the recording meanwhile, and the live result once it is there.
    request = lesson_tasks.degradation_request(seed)
    st.button(t("ls_rerun", lang), key="ls_deg_rerun", on_click=lesson_live.start, args=("deg", request),
              disabled=lesson_live.active("deg", request))
    lesson_live.watch("deg", request, "train", lang)
    live = lesson_live.result("deg", request)
    if live is not None:
        st.caption(t("ls_live", lang, seed=seed, seconds=live["seconds"]))
        runs = live["runs"]
    else:
        rec = recording(seed)
        st.caption(t("ls_recording", lang, seed=seed, steps=settings.steps))
        runs = rec["runs"] if rec else []
    if (revealed or live is not None) and runs:
        st.plotly_chart(projector.figure(degradation_figure(runs, lang), on), key="ls_deg_chart")
        _runs_table(runs, lang)


# ---------------------------------------------------------------------------------------------
# Lesion study


@st.cache_data(max_entries=1, show_spinner=False)
def lesion_recording(seed: int = 0) -> list[dict] | None:
    """The recorded lesion study of the shipped nets (`lesion --record`): computing it here would
    cost this process about 12 s of CPU."""
    path = lessons.lesion_recording_path(seed)
    return json.loads(path.read_text())["nets"] if path.is_file() else None


def lesion_figure(nets: list[dict], lang: str) -> go.Figure:
    fig = go.Figure()
    for net in nets:
        names = [t("ls_les_none", lang)] + [b["block"] for b in net["blocks"]]
        accs = [net["test_acc"]] + [b["test_acc"] for b in net["blocks"]]
        marks = [""] + ["↓" if b["downsamples"] else "" for b in net["blocks"]]
        fig.add_trace(go.Scatter(x=names, y=accs, mode="lines+markers+text", name=net["name"],
                                 text=marks, textposition="bottom center",
                                 line=dict(color="#1f4e99" if net["residual"] else "#c0392b",
                                           dash="solid" if net["residual"] else "dash"),
                                 marker=dict(size=11)))
    fig.update_yaxes(title=t("ls_les_acc", lang), range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(title=f"{t('ls_les_block', lang)} (↓ {t('ls_les_down', lang)})")
    fig.update_layout(height=460, margin=dict(t=70), legend=dict(orientation="h", y=1.02, yanchor="bottom"))
    return fig


def lesion_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_les_text", lang, steps=lessons.LESION_SETTINGS.steps, n=f"{lessons.TEST_IMAGES:,}"))
    seed = 0
    new_seed = int(st.session_state.get("ls_les_seed", 1))
    request = lesson_tasks.lesion_request(new_seed)
    live = lesson_live.result("les", request)
    nets = live["nets"] if live is not None else lesion_recording(seed)
    if nets is None:
        st.warning(t("ls_les_missing", lang, seed=seed))
    res = next((lessons.median_drop(n) for n in nets or [] if n["residual"]), float("nan"))
    plain = next((lessons.median_drop(n) for n in nets or [] if not n["residual"]), float("nan"))
    revealed = _ask("lesion", t("ls_les_q", lang), t("ls_les_a", lang, res=res, plain=plain), lang)
    if live is None:
        st.caption(t("ls_les_shipped", lang, seed=seed))
    else:
        st.caption(t("ls_les_live", lang, seed=new_seed, steps=live["settings"]["steps"],
                     seconds=live["seconds"]))
    if revealed and nets:
        st.plotly_chart(projector.figure(lesion_figure(nets, lang), on), key="ls_les_chart")
        st.table({t("ls_net", lang): [n["name"] for n in nets],
                  t("ls_les_acc", lang): [f"{n['test_acc']:.1%}" for n in nets]})
    # Retraining both nets and scoring them (79 s measured on two cores) runs in a worker process.
    c1, c2 = st.columns([1, 3])
    c1.number_input(t("ls_seed", lang), 0, 2**31 - 1, 1, key="ls_les_seed")
    c2.button(t("ls_les_retrain", lang), key="ls_les_retrain_btn", on_click=lesson_live.start,
              args=("les", request), disabled=lesson_live.active("les", request))
    lesson_live.watch("les", request, "train", lang)


# ---------------------------------------------------------------------------------------------
# BatchNorm and layer responses (the shipped lesion nets)


@st.cache_data(max_entries=2, show_spinner=False)
def bn_numbers(seed: int = 0) -> dict | None:
    try:
        model = lessons.load_weights(True, seed)
    except FileNotFoundError:
        return None
    x, y = lessons.test_images(seed, BN_IMAGES)
    return bn_modes(model, x, y)


def batchnorm_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_bn_text", lang, n=BN_IMAGES))
    d = bn_numbers()
    if d is None:
        st.warning(t("ls_les_missing", lang, seed=0))
        return
    _ask("batchnorm", t("ls_bn_q", lang),
         t("ls_bn_a", lang, eval=d["acc_eval"], batch=d["acc_train_batch"], single=d["acc_train_single"],
           n=d["batch"], shift=d["shift_train"], shift0=d["shift_eval"]), lang)
    st.table({t("ls_bn_channel", lang): list(range(d["channels"])),
              t("ls_bn_bmean", lang): [f"{v:.4f}" for v in d["batch_mean"]],
              t("ls_bn_rmean", lang): [f"{v:.4f}" for v in d["running_mean"]],
              t("ls_bn_bvar", lang): [f"{v:.4f}" for v in d["batch_var"]],
              t("ls_bn_rvar", lang): [f"{v:.4f}" for v in d["running_var"]]})
    st.markdown(t("ls_bn_value", lang, z=d["z"], train=d["out_train"], eval=d["out_eval"]))


@st.cache_data(max_entries=2, show_spinner=False)
def responses(seed: int = 0) -> list[tuple[str, bool, list[tuple[str, float]]]] | None:
    x, _ = lessons.test_images(seed, BN_IMAGES)
    try:
        models = [(r, lessons.load_weights(r, seed)) for r in (True, False)]
    except FileNotFoundError:
        return None
    return [(lessons.net_name(lessons.LESION_DEPTH, r), r, layer_responses(m, x)) for r, m in models]


def responses_scene(cfg: NetConfig, lang: str, on: bool) -> None:
    st.markdown(t("ls_resp_text", lang, n=BN_IMAGES))
    nets = responses()
    if nets is None:
        st.warning(t("ls_les_missing", lang, seed=0))
        return
    mean = {r: sum(v for _, v in stds) / len(stds) for _, r, stds in nets}
    revealed = _ask("responses", t("ls_resp_q", lang),
                    t("ls_resp_a", lang, res=mean[True], plain=mean[False]), lang)
    if revealed:
        fig = go.Figure()
        for name, residual, stds in nets:
            fig.add_trace(go.Scatter(x=[b for b, _ in stds], y=[v for _, v in stds], name=name,
                                     mode="lines+markers", marker=dict(size=10),
                                     line=dict(color="#1f4e99" if residual else "#c0392b",
                                               dash="solid" if residual else "dash")))
        fig.update_yaxes(title=t("ls_resp_std", lang), rangemode="tozero")
        fig.update_layout(height=440, margin=dict(t=70),
                          legend=dict(orientation="h", y=1.02, yanchor="bottom"))
        st.plotly_chart(projector.figure(fig, on), key="ls_resp_chart")
