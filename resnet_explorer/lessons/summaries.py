"""Pure: one sentence under each lesson chart of figures.py that this module covers, computed from the
numbers the chart draws, in the reader's language (a reader who cannot see the chart reads what it
shows).

- `scaling`: the bottleneck lesson's parameters and MACs against depth, every point drawn;
- `responses`: the layer-response chart (He et al. 2015, Fig. 7), each net's smallest, largest and
  mean response; also used for the response chart of an uploaded net.
Counts are written in full (11,689,512), measured values with three significant digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..analysis import Totals
from ..formatting import measured, num
from ..i18n import t

Point = tuple[str, int, Totals]  # name, depth, totals
Net = tuple[str, bool, Sequence[tuple[str, float]]]  # name, residual, (block, std) each


def _point(p: Point, lang: str) -> str:
    name, depth, totals = p
    return t("sm_scaling_point", lang, name=name, depth=depth, params=num(totals.params),
             macs=num(totals.macs))


def scaling(families: Mapping[str, Sequence[Point]], current: Point, lang: str) -> str:
    """Every net of each family, then the current network (the star)."""
    sep = t("sm_sep", lang)
    parts = [t("sm_scaling_family", lang, family=t(f"ls_bot_{family}", lang),
               points=t("sm_comma", lang).join(_point(p, lang) for p in points))
             for family, points in families.items() if points]
    parts.append(t("sm_scaling_current", lang, point=_point(current, lang)))
    text = t("sm_scaling", lang, items=sep.join(parts))
    return text[:1].upper() + text[1:]


def responses(nets: Sequence[Net], lang: str) -> str:
    """Each net's response std: smallest and largest with their blocks, and the mean."""
    items = []
    for name, _residual, stds in nets:
        if not stds:
            continue
        lo, hi = min(stds, key=lambda p: p[1]), max(stds, key=lambda p: p[1])
        mean = sum(v for _, v in stds) / len(stds)
        items.append(t("sm_resp_item", lang, net=name, lo=measured(lo[1]), lo_block=lo[0],
                       hi=measured(hi[1]), hi_block=hi[0], mean=measured(mean), n=len(stds)))
    return t("sm_resp", lang, items=t("sm_sep", lang).join(items)) if items else ""


def degradation(runs: Sequence[dict], lang: str, bands: Sequence[Sequence[dict]] = ()) -> str:
    """The degradation chart: each net's final training error (the bars), and the last point of its
    curve; where no run is drawn, the bands' ends (the shipped seeds' curves at their last step)."""
    from .figures import NETS, error_curve

    by_name = {r["name"]: r for r in runs}
    items = [t("sm_deg_item", lang, net=name, err=f"{100 * (1 - by_name[name]['train_acc']):.1f}%",
               curve=f"{100 * error_curve(by_name[name]['batch_acc'])[-1]:.1f}%")
             for name in NETS if name in by_name]
    if not items:
        return _bands(bands, lang)
    steps = max((len(r["batch_acc"]) for r in runs), default=0)
    return t("sm_deg", lang, steps=steps, items=t("sm_sep", lang).join(items))


def _bands(bands: Sequence[Sequence[dict]], lang: str) -> str:
    """Each net's band at its last step, read as figures.degradation draws it (the shortest curve
    sets the band's length)."""
    from .figures import NETS, error_curve

    items, last = [], []
    for name in NETS:
        curves = [error_curve(r["batch_acc"]) for rec in bands for r in rec if r["name"] == name]
        if not curves:
            continue
        n = min(len(c) for c in curves)
        ends = [100 * c[n - 1] for c in curves]
        items.append(t("sm_range", lang, net=name, lo=f"{min(ends):.1f}%", hi=f"{max(ends):.1f}%"))
        last.append(n)
    if not items:
        return ""
    steps = str(last[0]) if len(set(last)) == 1 else t("sm_comma", lang).join(map(str, last))
    return t("sm_deg_bands", lang, n=len(bands), steps=steps, items=t("sm_sep", lang).join(items))


def lesion(nets: Sequence[dict], lang: str) -> str:
    """The lesion chart: each net's held-out accuracy whole, and its lowest with one block deleted."""
    items = []
    for net in nets:
        scored = [b for b in net["blocks"] if b["test_acc"] is not None]
        if not scored:
            continue
        worst = min(scored, key=lambda b: b["test_acc"])
        items.append(t("sm_les_item", lang, net=net["name"], whole=f"{100 * net['test_acc']:.1f}%",
                       worst=f"{100 * worst['test_acc']:.1f}%", block=worst["block"], n=len(scored)))
    return t("sm_les", lang, items=t("sm_sep", lang).join(items)) if items else ""
