"""The lessons' figures, from their results (plain JSON values): Plotly only, no Streamlit, so a page
in the app and a static page draw the same figure."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import palette
from ..analysis import Totals
from ..i18n import t
from ..palette import style

COLOURS = {"plain-20": "#f4a259", "plain-56": "#c0392b", "ResNet-20": "#5dade2", "ResNet-56": "#1f4e99"}


def degradation(runs: list[dict], lang: str) -> go.Figure:
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
