"""Inside the uploaded net: weight norms, BatchNorm gamma per block, and the two lessons run on it.

The weight readings take milliseconds and are drawn on every rerun. The lessons run forward passes
(about a second for a CIFAR net, a few for ResNet-50 on fewer images), so they run on a button press
and their numbers (no tensors) stay in the session for that file.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from .. import palette
from ..checkpoint import Opened, summaries
from ..checkpoint.inside import LESSON_IMAGES, OFF, SMALL, LayerWeight, block_gammas, lessons, weight_norms
from ..i18n import t
from ..lessons import summaries as lesson_summaries
from . import charts, projector
from .safe import plain

BIG_NET = 5_000_000  # parameters above which the lessons use fewer images
FEW_IMAGES = 16


def _marked(marks: list[bool]) -> dict:
    """Bars coloured by whether each is marked, the marked ones hatched too (never hue alone)."""
    look = {m: palette.style("marked", "marked" if m else "other") for m in (True, False)}
    return {"color": [look[m].color for m in marks],
            "pattern": {"shape": [palette.MARK_PATTERN if m else "" for m in marks]}}


def _norms_figure(rows: list[LayerWeight], lang: str, on: bool) -> go.Figure:
    fig = go.Figure(go.Bar(x=[r.name for r in rows], y=[r.rms for r in rows],
                           marker=_marked([r.kind == "fc" for r in rows]),
                           customdata=[[r.norm, r.count] for r in rows],
                           hovertemplate="%{x}<br>RMS %{y:.4g}<br>L2 %{customdata[0]:.4g}"
                                         "<br>%{customdata[1]:,} weights<extra></extra>"))
    fig.update_yaxes(title=t("ck_norms_y", lang), rangemode="tozero")
    fig.update_xaxes(showticklabels=len(rows) <= 60)
    fig.update_layout(height=380, margin=dict(t=30), title=t("ck_norms_title", lang))
    return projector.figure(fig, on)


def _gamma_figure(rows, lang: str, on: bool) -> go.Figure:
    shown = [r for r in rows if r.last_mean is not None]
    fig = go.Figure(go.Bar(x=[r.block for r in shown], y=[r.last_mean for r in shown],
                           marker=_marked([r.near_zero for r in shown])))
    fig.add_hline(y=SMALL, line_dash="dash", annotation_text=t("ck_small_line", lang, small=SMALL))
    fig.update_yaxes(title=t("ck_gamma_y", lang), rangemode="tozero")
    fig.update_layout(height=360, margin=dict(t=30), title=t("ck_gamma_title", lang))
    return projector.figure(fig, on)


def _gammas(opened: Opened, lang: str, on: bool) -> None:
    rows = block_gammas(opened.model)
    if not rows:
        st.info(t("ck_no_bn_inside", lang))
        return
    off = [r for r in rows if r.off]
    st.markdown(t("ck_gamma_text", lang, off=OFF, small=SMALL))
    total = sum(r.channels for r in rows)
    st.markdown(t("ck_off_summary", lang, n=sum(r.off for r in rows), total=total, blocks=len(off)))
    if any(r.last_mean is not None for r in rows):
        small = [r.block for r in rows if r.near_zero]
        st.markdown(t("ck_small_summary", lang, n=len(small), names=plain(", ".join(small[:12]) or "—")))
        charts.chart(_gamma_figure(rows, lang, on), summaries.gammas(rows, SMALL, lang), "ck_gamma_chart")
    else:
        st.caption(t("ck_preact_gamma", lang))
    st.dataframe({t("ck_col_block", lang): [r.block for r in rows],
                  t("ck_col_bns", lang): [r.bns for r in rows],
                  t("ck_col_channels", lang): [r.channels for r in rows],
                  t("ck_col_off", lang): [r.off for r in rows],
                  t("ck_col_last", lang): [None if r.last_mean is None else round(r.last_mean, 4)
                                           for r in rows]}, hide_index=True, key="ck_gamma_table")


def _lessons(opened: Opened, file_id: str, lang: str, on: bool) -> None:
    st.subheader(t("ck_lessons_header", lang))
    n = FEW_IMAGES if sum(p.numel() for p in opened.model.parameters()) > BIG_NET else LESSON_IMAGES
    held = st.session_state.get("ck_lessons")
    if not (held and held[0] == file_id):
        st.caption(t("ck_lessons_text", lang, n=n))
        if st.button(t("ck_lessons_run", lang), key="ck_lessons_btn"):
            with st.spinner(t("ck_lessons_running", lang)):
                st.session_state["ck_lessons"] = held = (file_id, lessons(opened.model, n))
        else:
            return
    d = held[1]
    if "why" in d:
        st.info(t(d["why"], lang, channels=d.get("channels")))
        return
    st.caption(t(f"ck_data_{d['data']}", lang, n=d["images"]))
    bn = d.get("bn")
    if bn is None:
        st.info(t(d["bn_why"], lang))
    else:
        st.markdown(t("ck_bn_result", lang, shift=bn["shift_train"], shift0=bn["shift_eval"], n=bn["batch"]))
        if d["labels_fit"]:
            st.caption(t("ck_bn_accuracy", lang, eval=bn["acc_eval"], batch=bn["acc_train_batch"],
                         single=bn["acc_train_single"]))
        st.table({t("ck_bn_channel", lang): list(range(bn["channels"])),
                  t("ck_bn_bmean", lang): [f"{v:.4f}" for v in bn["batch_mean"]],
                  t("ck_bn_rmean", lang): [f"{v:.4f}" for v in bn["running_mean"]],
                  t("ck_bn_bvar", lang): [f"{v:.4f}" for v in bn["batch_var"]],
                  t("ck_bn_rvar", lang): [f"{v:.4f}" for v in bn["running_var"]]})
    stds = d["responses"]
    fig = go.Figure(go.Scatter(x=[b for b, _ in stds], y=[v for _, v in stds], mode="lines+markers"))
    fig.update_yaxes(title=t("ck_resp_std", lang), rangemode="tozero")
    fig.update_layout(height=380, margin=dict(t=30), title=t("ck_resp_title", lang))
    residual = any(b.is_residual for b in opened.model.spec.blocks)
    said = lesson_summaries.responses([(t("sm_ck_net", lang), residual, stds)], lang)
    charts.chart(projector.figure(fig, on), said, "ck_resp_chart")


def show(opened: Opened, file_id: str, lang: str, on: bool) -> None:
    st.subheader(t("ck_inside_header", lang))
    norms = weight_norms(opened.model)
    charts.chart(_norms_figure(norms, lang, on), summaries.norms(norms, lang), "ck_norms_chart")
    _gammas(opened, lang, on)
    _lessons(opened, file_id, lang, on)
