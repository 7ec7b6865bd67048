"""Plain-language findings about traces: (message key, values) pairs that the view translates.

Values named in NET_FIELDS are net labels ("net", "twin"); values whose name ends in "_key" are
message keys themselves (the view translates both). Thresholds are deliberately coarse (factors of
100 or 1,000): the lab reports regimes, not fine differences. Every stage-to-stage comparison is per
weight (root mean square), so a stage with more weights does not look "bigger" for that alone.
"""

from __future__ import annotations

import math
import statistics

from ..spec import build_spec
from .trace import Trace

SPREAD = 100.0  # first/last stage ratio (per weight) beyond which we call it vanishing or exploding
TINY = 1e-3  # |gradient| / |weights| below this in every stage: the net barely moves
INIT_LOSS = 10.0  # a first loss beyond 10x chance (ln of the classes) comes from the initialisation
WORSE = 1.1  # a final loss this many times another's counts as clearly worse
NET_FIELDS = ("net", "plain", "residual", "deep", "shallow")


def final_loss(tr: Trace) -> float:
    """Mean training loss over the last 10% of the steps (at least one)."""
    n = max(1, len(tr) // 10)
    return statistics.fmean(tr.loss[-n:])


def chance_loss(tr: Trace) -> float:
    return math.log(tr.config.num_classes)


def init_blowup(tr: Trace) -> bool:
    """The loss was already far above chance before the first update."""
    return bool(len(tr)) and not tr.loss[0] <= INIT_LOSS * chance_loss(tr)


def stage_ratio(tr: Trace, i: int = -1) -> tuple[str, str, float]:
    """(first stage, last stage, ratio of their per-weight gradient RMS) at step index i; nan when
    either is zero (0/0 is no ratio)."""
    stats = tr.stage_stats(i)
    first, last = tr.map.stages[0], tr.map.stages[-1]
    a, b = stats[first].per_weight, stats[last].per_weight
    return first, last, a / b if a > 0 and b > 0 else math.nan


def diagnose(traces: list[Trace], i: int = -1) -> list[tuple[str, dict]]:
    findings: list[tuple[str, dict]] = []
    for tr in traces:
        if len(tr):
            findings += _net(tr, i if i < 0 else min(i, len(tr) - 1))
    return findings + _compare(traces)


def _net(tr: Trace, k: int) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    name = {"net": tr.label}
    cfg, plain = tr.config, not any(tr.residual)
    blowup = init_blowup(tr)
    if blowup:
        cause = "lab_dx_cause_residual_nobn" if not cfg.batchnorm and not plain else "lab_dx_cause_init"
        out.append(("lab_dx_init_loss", name | {"loss": tr.loss[0], "chance": chance_loss(tr),
                                                "cause_key": cause}))
    stats = tr.stage_stats(k)
    stages = tr.map.stages
    dead = [s for s in stages if not stats[s].norm > 0]
    tiny = not dead and all(stats[s].relative < TINY for s in stages)
    if dead:
        out.append(("lab_dx_zero_grad", name | {"stages": ", ".join(dead), "step": tr.step[k]}))
        if cfg.zero_init_residual and not plain and cfg.batchnorm:
            out.append(("lab_dx_zero_init", name))
    elif tiny:
        typical = "lab_dx_typical_tiny_plain" if plain and not cfg.batchnorm else "lab_dx_typical_tiny"
        out.append(("lab_dx_tiny", name | {"largest": max(stats[s].relative for s in stages),
                                           "typical_key": typical}))
    elif len(stages) > 1:
        first, last, r = stage_ratio(tr, k)
        where = name | {"first": first, "last": last}
        if r < 1 / SPREAD:
            typical = ("lab_dx_typical_vanish_plain" if plain and not cfg.batchnorm
                       else "lab_dx_typical_vanish")
            out.append(("lab_dx_vanish", where | {"ratio": r, "typical_key": typical}))
        elif r > SPREAD:
            typical = ("lab_dx_typical_explode_plain_bn" if plain and cfg.batchnorm else
                       "lab_dx_typical_explode_residual_nobn" if not plain and not cfg.batchnorm else
                       "lab_dx_typical_explode")
            out.append(("lab_dx_explode", where | {"ratio": r, "typical_key": typical}))
        else:
            out.append(("lab_dx_even", where | {"factor": max(r, 1 / r)}))
    ratios = [s / b for s, b, res in zip(tr.shortcut_grad[k], tr.branch_grad[k], tr.residual)
              if res and b > 0 and s > 0]
    if ratios:
        out.append(("lab_dx_split", name | {"ratio": statistics.median(ratios)}))
    update = statistics.median(tr.update_ratio[k])
    if update < 1e-4 and not dead and not tiny:
        out.append(("lab_dx_update_small", name | {"ratio": update, "lr": tr.lr[k]}))
    elif update > 1e-1 and not blowup:  # after a blow-up at init the rate is not the cause
        out.append(("lab_dx_update_large", name | {"ratio": update}))
    return out


def _compare(traces: list[Trace]) -> list[tuple[str, dict]]:
    """Between nets of one run: final losses; a plain net worse than a residual one of the same
    depth; degradation (He et al. 2015, Fig. 1): a deeper plain net with a higher training loss."""
    done = [tr for tr in traces if len(tr) >= 10]
    if len(done) < 2:
        return []
    out: list[tuple[str, dict]] = []
    loss = {tr.label: final_loss(tr) for tr in done}
    depth = {tr.label: build_spec(tr.config).depth for tr in done}
    if len(done) == 2:
        a, b = done
        out.append(("lab_dx_twin_loss", {"steps": len(a), "loss_net": loss[a.label],
                                         "loss_twin": loss[b.label]}))
    plains = [tr.label for tr in done if not any(tr.residual)]
    residuals = [tr.label for tr in done if any(tr.residual)]
    for p in plains:
        for r in residuals:
            if depth[p] == depth[r] and loss[p] > WORSE * loss[r]:
                out.append(("lab_dx_plain_worse", {"plain": p, "residual": r, "depth": depth[p],
                                                   "loss_plain": loss[p], "loss_residual": loss[r]}))
        for q in plains:
            if depth[p] > depth[q] and loss[p] > WORSE * loss[q]:
                out.append(("lab_dx_degradation", {"deep": p, "shallow": q, "deep_depth": depth[p],
                                                   "shallow_depth": depth[q], "loss_deep": loss[p],
                                                   "loss_shallow": loss[q]}))
    return out
