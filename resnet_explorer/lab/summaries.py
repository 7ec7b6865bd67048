"""Pure: one sentence under each figure of plots.py, computed from the numbers the figure draws, in the
reader's language (a reader who cannot see the chart reads what it shows).

Each function takes what its figure builder takes and reads the same points: the heatmap's strided
columns, the profile's and the split's step, the curves' last step. Values are written with three
significant digits (formatting.measured), accuracies as percentages with one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..formatting import measured, share
from ..i18n import t
from .gradflow import KINDS, Flow
from .plots import KIND_KEYS, heatmap_columns, net_title
from .trace import Trace


def _finite(v: float) -> bool:
    return math.isfinite(v)


def _positive(v: float) -> bool:
    return v > 0 and math.isfinite(v)


def heatmap(tr: Trace, lang: str) -> str:
    """The last column's two ends, and the smallest and largest cell with where and when."""
    if not len(tr):
        return ""
    cols = heatmap_columns(len(tr))
    last = tr.grad_norm[cols[-1]]
    cells = [(tr.grad_norm[i][j], tr.layers[j], tr.step[i]) for i in cols for j in range(len(tr.layers))]
    cells = [c for c in cells if _positive(c[0])]
    net, step = net_title(tr, lang), tr.step[cols[-1]]
    if not cells:
        return t("sm_heat_none", lang, net=net, step=step)
    lo, hi = min(cells, key=lambda c: c[0]), max(cells, key=lambda c: c[0])
    return t("sm_heat", lang, net=net, step=step, first=measured(last[0]), first_layer=tr.layers[0],
             last=measured(last[-1]), last_layer=tr.layers[-1], lo=measured(lo[0]), lo_layer=lo[1],
             lo_step=lo[2], hi=measured(hi[0]), hi_layer=hi[1], hi_step=hi[2])


def depth_profile(traces: Sequence[Trace], i: int, lang: str) -> str:
    """Each net's gradient at its input end and its output end, at the step drawn."""
    items = []
    for tr in traces:
        k = min(i, len(tr) - 1)
        if k < 0:
            continue
        g = tr.grad_norm[k]
        items.append(t("sm_profile_item", lang, net=net_title(tr, lang), step=tr.step[k],
                       first=measured(g[0]), first_layer=tr.layers[0], last=measured(g[-1]),
                       last_layer=tr.layers[-1]))
    return t("sm_profile", lang, items=t("sm_sep", lang).join(items)) if items else ""


def curves(traces: Sequence[Trace], lang: str) -> str:
    """Where each net ends: its last loss and batch accuracy, and its latest held-out accuracy."""
    items = []
    for tr in traces:
        if not len(tr):
            continue
        item = t("sm_curves_item", lang, net=net_title(tr, lang), step=tr.step[-1],
                 loss=measured(tr.loss[-1]), acc=share(tr.accuracy[-1]))
        if tr.eval_accuracy:
            at, acc = tr.eval_accuracy[-1]
            item += t("sm_curves_heldout", lang, acc=share(acc), step=at)
        items.append(item)
    return t("sm_curves", lang, items=t("sm_sep", lang).join(items)) if items else ""


def _span(values: Sequence[float], names: Sequence[str]) -> tuple[str, str, str, str] | None:
    """(smallest, where, largest, where) over the finite values, or None."""
    pairs = [(v, n) for v, n in zip(values, names) if _finite(v)]
    if not pairs:
        return None
    lo, hi = min(pairs), max(pairs)
    return measured(lo[0]), lo[1], measured(hi[0]), hi[1]


def split(tr: Trace, i: int, lang: str) -> str:
    """Through the shortcut or through the branch: where the gradient reaching each block goes."""
    k = min(i, len(tr) - 1)
    if k < 0:
        return ""
    net, step = net_title(tr, lang), tr.step[k]
    shortcut, branch = tr.shortcut_grad[k], tr.branch_grad[k]
    b = _span(branch, tr.blocks)
    if b is None:
        return t("sm_split_none", lang, net=net, step=step)
    with_shortcut = [j for j, r in enumerate(tr.residual) if r]
    if not with_shortcut:
        return t("sm_split_plain", lang, net=net, step=step, b_lo=b[0], b_lo_block=b[1], b_hi=b[2],
                 b_hi_block=b[3])
    s = _span([shortcut[j] for j in with_shortcut], [tr.blocks[j] for j in with_shortcut])
    more = sum(shortcut[j] > branch[j] for j in with_shortcut)
    s_lo, s_hi = (s[0], s[2]) if s else ("—", "—")
    return t("sm_split", lang, net=net, step=step, n=more, m=len(with_shortcut), s_lo=s_lo, s_hi=s_hi,
             b_lo=b[0], b_hi=b[2])


def _ratio(f: Flow, values: str, lang: str) -> str:
    r = f.ratio(values)
    return measured(r) if _finite(r) else t("sm_no_ratio", lang)


def sweep(flows: Sequence[Flow], batchnorm: bool, values: str, lang: str) -> str:
    """Input end over output end of each net drawn, kind by kind, depth by depth."""
    items = []
    for kind in KINDS:
        shown = sorted((f for f in flows if f.batchnorm == batchnorm and f.kind == kind),
                       key=lambda f: f.depth)
        if not shown:
            continue
        points = t("sm_comma", lang).join(t("sm_sweep_point", lang, r=_ratio(f, values, lang), depth=f.depth)
                                          for f in shown)
        items.append(t("sm_sweep_kind", lang, kind=t(KIND_KEYS[kind], lang), points=points))
    if not items:
        return ""
    bn = t("lab_bn_on" if batchnorm else "lab_bn_off", lang)
    return t("sm_sweep", lang, what=t(f"lab_sweep_{values}", lang), bn=bn,
             items=t("sm_sep", lang).join(items))


def live_summaries(traces: list[Trace], lang: str) -> dict[str, str]:
    """The sentences of plots.live_figures, under the same keys."""
    return {"curves": curves(traces, lang), "profile": depth_profile(traces, len(traces[0]) - 1, lang)}


def all_summaries(traces: list[Trace], i: int, lang: str) -> dict[str, str]:
    """The sentences of plots.all_figures at step index i, under the same keys."""
    out = {f"heat_{tr.label}": heatmap(tr, lang) for tr in traces}
    out["profile"] = depth_profile(traces, i, lang)
    out["curves"] = curves(traces, lang)
    return out | {f"split_{tr.label}": split(tr, i, lang) for tr in traces}
