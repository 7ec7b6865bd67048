"""The lessons' figures, from their results (plain JSON values): Plotly only, no Streamlit, so a page
in the app and a static page draw the same figure."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import palette
from ..analysis import Totals
from ..i18n import t
from ..palette import style

NETS = ("plain-20", "plain-56", "ResNet-20", "ResNet-56")  # the degradation lesson's, in drawing order
CURVE_WINDOW = 25  # steps the training-error curves average the batch error over


def error_curve(batch_acc: list[float], window: int = CURVE_WINDOW) -> list[float]:
    """Training error at each step: 1 - the batch accuracy, averaged over the last `window` steps."""
    out, total = [], 0.0
    for i, acc in enumerate(batch_acc):
        total += 1 - acc
        if i >= window:
            total -= 1 - batch_acc[i - window]
        out.append(total / min(i + 1, window))
    return out


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def degradation(runs: list[dict], bands: list[list[dict]], lang: str) -> go.Figure:
    """He et al. 2015, Fig. 1/6, as they plot it: training error against steps, one line per net (the
    shown run), over the range of the shipped runs (a shaded band per net); beside it, the final
    training error of each net in evaluation mode."""
    titles = (t("ls_err_curve", lang, window=CURVE_WINDOW), t("ls_final_err", lang))
    fig = make_subplots(1, 2, column_widths=[0.68, 0.32], subplot_titles=titles)
    by_name = {r["name"]: r for r in runs}
    for name in NETS:
        look = palette.style("degradation", name)
        curves = [error_curve(r["batch_acc"]) for rec in bands for r in rec if r["name"] == name]
        if curves:
            n = min(len(c) for c in curves)
            steps = list(range(1, n + 1))
            lo = [100 * min(c[i] for c in curves) for i in range(n)]
            hi = [100 * max(c[i] for c in curves) for i in range(n)]
            fig.add_trace(go.Scatter(x=steps, y=lo, mode="lines", line=dict(width=0), showlegend=False,
                                     hoverinfo="skip", legendgroup=name), 1, 1)
            fig.add_trace(go.Scatter(x=steps, y=hi, mode="lines", line=dict(width=0), fill="tonexty",
                                     fillcolor=_rgba(look.color, 0.18), hoverinfo="skip", legendgroup=name,
                                     showlegend=False), 1, 1)
        run = by_name.get(name)
        if run is None:
            continue
        curve = [100 * e for e in error_curve(run["batch_acc"])]
        fig.add_trace(go.Scatter(x=list(range(1, len(curve) + 1)), y=curve, name=name, mode="lines+markers",
                                 line=look.line(width=2.5), marker=look.marker(size=7, maxdisplayed=12),
                                 legendgroup=name), 1, 1)
        err = 100 * (1 - run["train_acc"])
        fig.add_trace(go.Bar(x=[name], y=[err], marker=dict(color=look.color, pattern=dict(
            shape="" if run["residual"] else "/")), showlegend=False, text=[f"{err:.1f}%"],
            textposition="outside"), 1, 2)
    fig.update_xaxes(title=t("ls_step", lang), row=1, col=1)
    fig.update_yaxes(title=t("ls_train_err", lang), range=[0, 100], ticksuffix="%", row=1, col=1)
    fig.update_yaxes(range=[0, 105], ticksuffix="%", row=1, col=2)
    fig.update_layout(height=450, margin=dict(t=50, b=40), legend=dict(orientation="h", y=-0.2))
    return fig


def lesion(nets: list[dict], lang: str) -> go.Figure:
    fig = go.Figure()
    for net in nets:
        names = [t("ls_les_none", lang)] + [b["block"] for b in net["blocks"]]
        accs = [net["test_acc"]] + [b["test_acc"] for b in net["blocks"]]
        marks = [""] + ["↓" if b["downsamples"] else "" for b in net["blocks"]]
        look = palette.kind(net["residual"])
        fig.add_trace(go.Scatter(x=names, y=accs, mode="lines+markers+text", name=net["name"],
                                 text=marks, textposition="bottom center", line=look.line(),
                                 marker=look.marker(size=11)))
    fig.update_yaxes(title=t("ls_les_acc", lang), range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(title=f"{t('ls_les_block', lang)} (↓ {t('ls_les_down', lang)})")
    fig.update_layout(height=460, margin=dict(t=70), legend=dict(orientation="h", y=1.02, yanchor="bottom"))
    return fig


def responses(nets: list[tuple[str, bool, list[tuple[str, float]]]], lang: str) -> go.Figure:
    fig = go.Figure()
    for name, residual, stds in nets:
        look = palette.kind(residual)
        fig.add_trace(go.Scatter(x=[b for b, _ in stds], y=[v for _, v in stds], name=name,
                                 mode="lines+markers", marker=look.marker(size=10), line=look.line()))
    fig.update_yaxes(title=t("ls_resp_std", lang), rangemode="tozero")
    fig.update_layout(height=440, margin=dict(t=70), legend=dict(orientation="h", y=1.02, yanchor="bottom"))
    return fig


def scaling(families: dict[str, list[tuple[str, int, Totals]]], current: tuple[str, int, Totals],
            lang: str) -> go.Figure:
    """Params and MACs against depth for the basic and bottleneck ImageNet families (name, depth,
    totals each); the current net as a star."""
    fig = make_subplots(1, 2, subplot_titles=(t("ls_bot_params", lang), t("ls_bot_macs", lang)))
    for family, points in families.items():
        look = style("scaling", family)
        for col, attr in ((1, "params"), (2, "macs")):
            fig.add_trace(go.Scatter(x=[d for _, d, _ in points],
                                     y=[getattr(tt, attr) for _, _, tt in points],
                                     mode="lines+markers+text", text=[n for n, _, _ in points],
                                     textposition="top center", name=t(f"ls_bot_{family}", lang),
                                     line=look.line(), marker=look.marker(size=9),
                                     legendgroup=family, showlegend=col == 1), 1, col)
    name, depth, totals = current
    for col, attr in ((1, "params"), (2, "macs")):
        fig.add_trace(go.Scatter(x=[depth], y=[getattr(totals, attr)], mode="markers",
                                 marker=style("scaling", "current").marker(size=18),
                                 name=t("ls_bot_current", lang, name=name), showlegend=col == 1), 1, col)
    fig.update_xaxes(title=t("ls_bot_depth", lang))
    fig.update_layout(title=t("ls_bot_chart", lang), height=420, margin=dict(t=80))
    return fig
