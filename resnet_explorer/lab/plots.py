"""Plotly figures of the gradient lab, built from traces (plain numbers); no Streamlit here.

Figures stay small (a few traces, <= ~2k points). While a run is live only the light ones are drawn
(`live_figures`), and only every LIVE_PLOT_S seconds of the run (`live_steps`): a browser redraws a
changed Plotly figure from scratch, and on a 2-core laptop two figures redrawn every second took half
a core from the training. The full set is drawn when the run is over.
`uirevision` is constant so a user's zoom survives the updates. Log axes label every tick in full
(1e-3, 1e-2, ...), never with plotly's abbreviated minor labels. `projector=True` sets fonts that
read from the back of a room.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import palette
from ..i18n import t
from .gradflow import Flow
from .trace import Trace

MAX_COLUMNS = 80  # heatmap steps shown; longer runs are strided
MAX_POINTS = 400  # points a curve keeps (strided beyond), so a long run re-sends little
KIND_KEYS = {"plain": "lab_plain", "residual": "lab_residual", "zero_init": "lab_zero_init"}
FONT = {False: 13, True: 22}  # base font size, normal and projector
# Seconds of a live run between two redraws of its figures: Streamlit remounts a changed Plotly chart,
# and on a 2-core laptop redrawing the two live figures every poll took a large share of a core from
# the training (benchmarks/bench_watch.py measures the watched run against the headless one).
LIVE_PLOT_S = 4.0


def _log10(v: float) -> float | None:
    return math.log10(v) if v > 0 and math.isfinite(v) else None


def decades(values: Iterable[float]) -> list[int]:
    """Whole powers of ten to label on a log axis spanning `values` (about 8 labels at most)."""
    logs = [x for x in map(_log10, values) if x is not None]
    if not logs:
        return []
    lo, hi = math.floor(min(logs)), math.ceil(max(logs))
    step = max(1, math.ceil((hi - lo) / 8))
    return list(range(lo, hi + 1, step))


def tick_text(power: int) -> str:
    """10**power written in full: "1e-3", "1", "1e4"."""
    return "1" if power == 0 else f"1e{power}"


def _log_axis(fig: go.Figure, values: Iterable[float], title: str, **where: int) -> None:
    powers = decades(values)
    fig.update_yaxes(type="log", title=title, tickmode="array", tickvals=[10.0**p for p in powers],
                     ticktext=[tick_text(p) for p in powers], **where)


def _layout(fig: go.Figure, title: str, height: int = 320, projector: bool = False) -> go.Figure:
    size = FONT[projector]
    fig.update_layout(title=dict(text=title, font=dict(size=size + 3)), font=dict(size=size),
                      height=int(height * (1.4 if projector else 1)), uirevision="lab",
                      margin=dict(l=10, r=10, t=40 + (size - 13) * 2, b=10),
                      legend=dict(orientation="h", y=-0.25))
    return fig


def _stride(n: int, limit: int = MAX_POINTS) -> range:
    """Indices of at most `limit` evenly spread steps, always ending at the last."""
    step = max(1, math.ceil(n / limit))
    return range((n - 1) % step, n, step)


def heatmap_columns(n: int) -> list[int]:
    """The step indices a heatmap of n steps draws (at most MAX_COLUMNS, always the last)."""
    return list(_stride(n, MAX_COLUMNS))


def look(tr: Trace) -> palette.Style:
    """A run's net drawn as its kind: residual solid, plain dashed (palette.py), never by hue alone."""
    return palette.kind(any(tr.residual))


def net_title(tr: Trace, lang: str) -> str:
    kind = t("lab_residual" if any(tr.residual) else "lab_plain", lang)
    return f"{t('lab_net_' + tr.label, lang)} ({kind})"


def heatmap(tr: Trace, lang: str, projector: bool = False) -> go.Figure:
    """Layer (rows, input at the top) x step, colour = log10 of the weight-gradient norm."""
    cols = heatmap_columns(len(tr))
    z = [[_log10(tr.grad_norm[i][j]) for i in cols] for j in range(len(tr.layers))]
    powers = decades(v for i in cols for v in tr.grad_norm[i])
    fig = go.Figure(go.Heatmap(z=z, x=[tr.step[i] for i in cols], y=list(tr.layers), colorscale="Viridis",
                               colorbar=dict(title=t("lab_grad_norm", lang), tickvals=powers,
                                             ticktext=[tick_text(p) for p in powers])))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=FONT[projector] - 4))
    fig.update_xaxes(title=t("lab_step", lang))
    return _layout(fig, f"{net_title(tr, lang)}: {t('lab_heatmap_title', lang)}", 360, projector)


def depth_profile(traces: list[Trace], i: int, lang: str, projector: bool = False) -> go.Figure:
    """Weight-gradient norm of every layer at step index i, input to output, log axis."""
    fig = go.Figure()
    shown: list[float] = []
    for tr in traces:
        k = min(i, len(tr) - 1)
        if k < 0:
            continue
        shown += tr.grad_norm[k]
        fig.add_trace(go.Scatter(x=list(range(1, len(tr.layers) + 1)), y=tr.grad_norm[k],
                                 mode="lines+markers", name=net_title(tr, lang), text=list(tr.layers),
                                 line=look(tr).line(), marker=look(tr).marker(size=6)))
    _log_axis(fig, shown, t("lab_grad_norm", lang))
    fig.update_xaxes(title=t("lab_layer_depth", lang))
    return _layout(fig, t("lab_profile_title", lang), projector=projector)


def curves(traces: list[Trace], lang: str, projector: bool = False) -> go.Figure:
    """Training loss; accuracy on each training batch (train mode, line) and on held-out images
    (eval mode, markers), each labelled. Long runs are strided to MAX_POINTS."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("lab_loss", lang), t("lab_accuracy", lang)))
    for tr in traces:
        style = look(tr)
        name = net_title(tr, lang)
        idx = _stride(len(tr))
        steps = [tr.step[i] for i in idx]
        fig.add_trace(go.Scatter(x=steps, y=[tr.loss[i] for i in idx], name=name, line=style.line()),
                      row=1, col=1)
        fig.add_trace(go.Scatter(x=steps, y=[tr.accuracy[i] for i in idx],
                                 name=f"{name}: {t('lab_acc_batch', lang)}",
                                 line=style.line(width=1), opacity=0.6), row=1, col=2)
        if tr.eval_accuracy:
            at, acc = zip(*tr.eval_accuracy)
            # Held-out accuracy: the net's marker, large, joined by a dotted line.
            fig.add_trace(go.Scatter(x=list(at), y=list(acc), name=f"{name}: {t('lab_acc_heldout', lang)}",
                                     mode="markers+lines", marker=style.marker(size=10),
                                     line=dict(color=style.color, dash="dot")), row=1, col=2)
    fig.update_xaxes(title=t("lab_step", lang))
    if projector:
        fig.update_annotations(font_size=FONT[True])  # the subplot titles
    return _layout(fig, "", projector=projector)


def split(tr: Trace, i: int, lang: str, projector: bool = False) -> go.Figure:
    """Per block, the gradient reaching the block input through the shortcut and through F."""
    k = min(i, len(tr) - 1)
    fig = go.Figure()
    shown: list[float] = []
    if k >= 0:
        shown = tr.shortcut_grad[k] + tr.branch_grad[k]
        # Two bars a block, told apart by a hatch as well as the colour.
        via = palette.style("paths", "shortcut"), palette.style("paths", "branch")
        fig.add_trace(go.Bar(x=list(tr.blocks), y=tr.shortcut_grad[k], name=t("lab_via_shortcut", lang),
                             marker=dict(color=via[0].color)))
        fig.add_trace(go.Bar(x=list(tr.blocks), y=tr.branch_grad[k], name=t("lab_via_branch", lang),
                             marker=dict(color=via[1].color, pattern=dict(shape="/"))))
    _log_axis(fig, shown, t("lab_grad_norm", lang))
    fig.update_layout(barmode="group")
    return _layout(fig, f"{net_title(tr, lang)}: {t('lab_split_title', lang)}", projector=projector)


def sweep(flows: list[Flow], batchnorm: bool, values: str, lang: str, projector: bool = False) -> go.Figure:
    """Gradient per layer (or block) vs depth, one line per net: plain dashed, residual solid,
    residual with branches starting at zero dotted."""
    fig = go.Figure()
    shown: list[float] = []
    for f in flows:
        if f.batchnorm != batchnorm:
            continue
        y = [v if v > 0 else None for v in f.convs(values)]
        shown += [v for v in y if v is not None]
        kind = t(KIND_KEYS[f.kind], lang)
        style = palette.style("sweep", f.kind)
        # The kind is the colour, the dash and the marker; the depth, the marker's size.
        fig.add_trace(go.Scatter(x=list(range(1, len(y) + 1)), y=y, mode="lines+markers",
                                 name=f"{kind}-{f.depth}", line=style.line(width=1 + 2 * f.depth / 110),
                                 marker=style.marker(size=3 + 6 * f.depth / 110, maxdisplayed=12)))
    _log_axis(fig, shown, t(f"lab_sweep_{values}", lang))
    fig.update_xaxes(title=t("lab_block_depth" if values == "stream" else "lab_layer_depth", lang))
    bn = t("lab_bn_on" if batchnorm else "lab_bn_off", lang)
    return _layout(fig, f"{t(f'lab_sweep_title_{values}', lang)} ({bn})", 380, projector)


def live_steps(times: Sequence[float], period: float = LIVE_PLOT_S) -> int:
    """How many steps of a live run its figures show, from the run's own clock (`Trace.time_s`):
    the steps done before the latest whole `period`. The figures then change once a period, at the
    same step for every session watching the run (their polls fall at different moments), so one
    built set serves them all. At least one step, so the first point shows at once."""
    if not times:
        return 0
    edge = period * math.floor(times[-1] / period)
    return max(1, bisect.bisect_left(times, edge))


def live_figures(traces: list[Trace], lang: str, projector: bool = False) -> dict[str, go.Figure]:
    """The light set drawn while a run is live: the curves and the latest depth profile."""
    return {"curves": curves(traces, lang, projector),
            "profile": depth_profile(traces, len(traces[0]) - 1, lang, projector)}


def all_figures(traces: list[Trace], i: int, lang: str, projector: bool = False) -> dict[str, go.Figure]:
    """Every figure of a finished run at step index i."""
    figs = {f"heat_{tr.label}": heatmap(tr, lang, projector) for tr in traces}
    figs["profile"] = depth_profile(traces, i, lang, projector)
    figs["curves"] = curves(traces, lang, projector)
    return figs | {f"split_{tr.label}": split(tr, i, lang, projector) for tr in traces}
