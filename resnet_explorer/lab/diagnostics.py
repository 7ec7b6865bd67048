"""Plain-language findings about a trace: (message key, numbers) pairs that the view translates.

Thresholds are deliberately coarse (factors of 100): the lab reports regimes, not fine differences.
"""

from __future__ import annotations

import math
import statistics

from .trace import Trace

SPREAD = 100.0  # first/last stage gradient ratio beyond which we call it vanishing or exploding


def stage_ratio(tr: Trace, i: int = -1) -> tuple[str, str, float]:
    """(first stage, last stage, first/last weight-gradient norm) at step index i."""
    norms = tr.stage_grad_norms(i)
    first, last = tr.map.stages[0], tr.map.stages[-1]
    return first, last, norms[first] / norms[last] if norms[last] > 0 else math.inf


def diagnose(traces: list[Trace], i: int = -1) -> list[tuple[str, dict]]:
    findings: list[tuple[str, dict]] = []
    for tr in traces:
        if not len(tr):
            continue
        k = i if i < 0 else min(i, len(tr) - 1)
        name = {"net": tr.label}
        first, last, r = stage_ratio(tr, k)
        plain = not any(tr.residual)
        if len(tr.map.stages) > 1:
            if r < 1 / SPREAD:
                findings.append(("lab_dx_vanish", name | {"first": first, "last": last, "ratio": r,
                                                          "plain": plain}))
            elif r > SPREAD:
                findings.append(("lab_dx_explode", name | {"first": first, "last": last, "ratio": r,
                                                           "plain": plain}))
            else:
                findings.append(("lab_dx_even", name | {"first": first, "last": last,
                                                        "factor": max(r, 1 / r) if r > 0 else math.inf}))
        ratios = [s / b for s, b, res in zip(tr.shortcut_grad[k], tr.branch_grad[k], tr.residual)
                  if res and b > 0]
        if ratios:
            findings.append(("lab_dx_split", name | {"ratio": statistics.median(ratios)}))
        update = statistics.median(tr.update_ratio[k])
        if update < 1e-4:
            findings.append(("lab_dx_update_small", name | {"ratio": update}))
        elif update > 1e-1:
            findings.append(("lab_dx_update_large", name | {"ratio": update}))
    if len(traces) == 2 and all(len(tr) >= 10 for tr in traces):
        a, b = (statistics.fmean(tr.loss[-10:]) for tr in traces)
        findings.append(("lab_dx_twin_loss", {"steps": len(traces[0]), "loss_net": a, "loss_twin": b}))
    return findings
