"""Plotly figures of the gradient lab, built from traces (plain numbers); no Streamlit here.

Figures stay small (a few traces, <= ~2k points) because the whole figure is re-sent at every poll.
`uirevision` is constant so a user's zoom survives the updates.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..i18n import t
from .gradflow import Flow
from .trace import Trace

MAX_COLUMNS = 80  # heatmap steps shown; longer runs are strided
COLORS = {"net": "#1f77b4", "twin": "#d62728"}
KIND_KEYS = {"plain": "lab_plain", "residual": "lab_residual", "zero_init": "lab_zero_init"}
DASHES = {"plain": "dash", "residual": "solid", "zero_init": "dot"}


def _log10(v: float) -> float | None:
    return math.log10(v) if v > 0 and math.isfinite(v) else None


def _layout(fig: go.Figure, title: str, height: int = 320) -> go.Figure:
    fig.update_layout(title=title, height=height, margin=dict(l=10, r=10, t=40, b=10), uirevision="lab",
                      legend=dict(orientation="h", y=-0.2))
    return fig


def net_title(tr: Trace, lang: str) -> str:
    kind = t("lab_residual" if any(tr.residual) else "lab_plain", lang)
    return f"{t('lab_net_' + tr.label, lang)} ({kind})"


def heatmap(tr: Trace, lang: str) -> go.Figure:
    """Layer (rows, input at the top) x step, colour = log10 of the weight-gradient norm."""
    n = len(tr)
    stride = max(1, math.ceil(n / MAX_COLUMNS))
    cols = list(range(0, n, stride))
    z = [[_log10(tr.grad_norm[i][j]) for i in cols] for j in range(len(tr.layers))]
    fig = go.Figure(go.Heatmap(z=z, x=[tr.step[i] for i in cols], y=list(tr.layers), colorscale="Viridis",
                               colorbar=dict(title="log10")))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=9))
    fig.update_xaxes(title=t("lab_step", lang))
    return _layout(fig, f"{net_title(tr, lang)}: {t('lab_heatmap_title', lang)}", 360)


def depth_profile(traces: list[Trace], i: int, lang: str) -> go.Figure:
    """Weight-gradient norm of every layer at step index i, input to output, log axis."""
    fig = go.Figure()
    for tr in traces:
        k = min(i, len(tr) - 1)
        if k < 0:
            continue
        fig.add_trace(go.Scatter(x=list(range(1, len(tr.layers) + 1)), y=tr.grad_norm[k],
                                 mode="lines+markers", name=net_title(tr, lang), text=list(tr.layers),
                                 line=dict(color=COLORS.get(tr.label))))
    fig.update_yaxes(type="log", title=t("lab_grad_norm", lang))
    fig.update_xaxes(title=t("lab_layer_depth", lang))
    return _layout(fig, t("lab_profile_title", lang))


def curves(traces: list[Trace], lang: str) -> go.Figure:
    """Training loss; accuracy on each training batch (train mode, line) and on held-out images
    (eval mode, markers), each labelled."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("lab_loss", lang), t("lab_accuracy", lang)))
    for tr in traces:
        color = COLORS.get(tr.label)
        name = net_title(tr, lang)
        fig.add_trace(go.Scatter(x=tr.step, y=tr.loss, name=name, line=dict(color=color)), row=1, col=1)
        fig.add_trace(go.Scatter(x=tr.step, y=tr.accuracy, name=f"{name}: {t('lab_acc_batch', lang)}",
                                 line=dict(color=color, width=1), opacity=0.6), row=1, col=2)
        if tr.eval_accuracy:
            steps, acc = zip(*tr.eval_accuracy)
            fig.add_trace(go.Scatter(x=list(steps), y=list(acc), name=f"{name}: {t('lab_acc_heldout', lang)}",
                                     mode="markers+lines", marker=dict(color=color, size=9, symbol="diamond"),
                                     line=dict(color=color, dash="dot")), row=1, col=2)
    fig.update_xaxes(title=t("lab_step", lang))
    return _layout(fig, "")


def split(tr: Trace, i: int, lang: str) -> go.Figure:
    """Per block, the gradient reaching the block input through the shortcut and through F."""
    k = min(i, len(tr) - 1)
    fig = go.Figure()
    if k >= 0:
        fig.add_trace(go.Bar(x=list(tr.blocks), y=tr.shortcut_grad[k], name=t("lab_via_shortcut", lang)))
        fig.add_trace(go.Bar(x=list(tr.blocks), y=tr.branch_grad[k], name=t("lab_via_branch", lang)))
    fig.update_yaxes(type="log", title=t("lab_grad_norm", lang))
    fig.update_layout(barmode="group")
    return _layout(fig, f"{net_title(tr, lang)}: {t('lab_split_title', lang)}")


def sweep(flows: list[Flow], batchnorm: bool, values: str, lang: str) -> go.Figure:
    """Norm per layer vs depth, one line per net, plain dashed, residual solid."""
    fig = go.Figure()
    for f in flows:
        if f.batchnorm != batchnorm:
            continue
        y = [v if v > 0 else None for v in f.convs(values)]
        kind = t(KIND_KEYS[f.kind], lang)
        fig.add_trace(go.Scatter(x=list(range(1, len(y) + 1)), y=y, mode="lines", name=f"{kind}-{f.depth}",
                                 line=dict(dash=DASHES[f.kind])))
    fig.update_yaxes(type="log", title=t(f"lab_sweep_{values}", lang), exponentformat="power")
    fig.update_xaxes(title=t("lab_block_depth" if values == "stream" else "lab_layer_depth", lang))
    bn = t("lab_bn_on" if batchnorm else "lab_bn_off", lang)
    return _layout(fig, f"{t('lab_sweep_title', lang)} ({bn})", 380)
