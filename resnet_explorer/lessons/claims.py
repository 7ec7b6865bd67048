"""Each lesson's claims as functions of its data: the numbers its text quotes (`facts`, ranges over the
seeds it has) and, for each part of what it says, whether the data shows it (`checks`). The texts
read their numbers from here, never as literals; tests run every claim on the shipped recordings,
benchmarks/bench_lessons.py on seeds nobody tuned to, and a live run that does not show a claim
says so instead of asserting it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..lab.gradflow import Flow


@dataclass(frozen=True)
class Verdict:
    facts: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        return all(self.checks.values())

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def times(x: float) -> str:
    """A factor as the texts print it: 3 significant digits, or m×10ⁿ from 10,000 up."""
    if not math.isfinite(x):
        return "—"
    if abs(x) < 1e4:
        return f"{x:.3g}"
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}×10{str(int(exponent)).translate(SUPERSCRIPT)}"


# -- gradient flow at initialisation (lab/gradflow.py) -------------------------------------------

def _at(flows: dict[int, list[Flow]], kind: str, bn: bool, depth: int) -> list[Flow]:
    return [f for seed_flows in flows.values() for f in seed_flows
            if f.kind == kind and f.batchnorm == bn and f.depth == depth]


def gradflow(sweeps: dict[str, dict[int, list[Flow]]], values: str = "stream") -> Verdict:
    """The gradient-flow lesson at the deepest depth swept, over every init and seed in `sweeps`
    ({init: {seed: flows}}). Ratios are first / last of `values` along the main path (lab/gradflow.py
    Flow.ratio; "stream": the backward signal at each block): above 1 it grows towards the input,
    below 1 it shrinks. The checks are the lesson's claims, about the stream."""
    facts: dict[str, float] = {}
    checks: dict[str, bool] = {}
    depths = sorted({f.depth for by_seed in sweeps.values() for fs in by_seed.values() for f in fs})
    deep, shallow = depths[-1], depths[0]
    facts["depth"], facts["seeds"] = deep, min(len(s) for s in sweeps.values())

    def ratios(flows: dict[int, list[Flow]], kind: str, bn: bool, depth: int, of: str = values
               ) -> list[float]:
        return [f.ratio(of) for f in _at(flows, kind, bn, depth)]

    def stream(flows: dict[int, list[Flow]], kind: str, bn: bool, depth: int = deep) -> list[float]:
        return ratios(flows, kind, bn, depth, "stream")

    for init, flows in sweeps.items():
        for bn in (True, False):
            for kind in ("plain", "residual", "zero_init"):
                found = [r for d in (depths if kind == "zero_init" else [deep])
                         for r in ratios(flows, kind, bn, d) if math.isfinite(r)]
                name = f"{init}_{'bn' if bn else 'nobn'}_{kind}"
                lo_hi = (min(found), max(found)) if found else (math.nan, math.nan)
                facts[name + "_lo"], facts[name + "_hi"] = lo_hi
        vanished = [d for d in depths
                    if all(not f.convs(values)[0] > 0 for f in _at(flows, "plain", False, d))]
        facts[f"{init}_vanish_depth"] = vanished[0] if vanished else math.nan
        plain, res = stream(flows, "plain", True), stream(flows, "residual", True)
        checks[f"{init}_bn_plain_explodes"] = all(r > 1e3 for r in plain)
        checks[f"{init}_bn_residual_grows_far_less"] = all(1 < r < p / 100 for r, p in zip(res, plain))
        shallow_res = stream(flows, "residual", True, shallow)
        checks[f"{init}_bn_residual_grows_with_depth"] = min(res) > max(shallow_res)
        zero = [r for d in depths for bn in (True, False) for r in stream(flows, "zero_init", bn, d)]
        checks[f"{init}_zero_init_same_at_every_depth"] = max(zero) / min(zero) < 1.5
    if "pytorch" in sweeps:
        pytorch = sweeps["pytorch"]
        checks["pytorch_nobn_plain_vanishes"] = all(not f.stream[0] > 0
                                                    for f in _at(pytorch, "plain", False, deep))
        checks["pytorch_nobn_residual_within_10x"] = all(0.1 < r < 10
                                                         for r in stream(pytorch, "residual", False))
    if "kaiming" in sweeps:
        kaiming = sweeps["kaiming"]
        checks["kaiming_nobn_plain_shrinks"] = all(r < 1 for r in stream(kaiming, "plain", False))
        checks["kaiming_nobn_residual_explodes"] = all(r > 1e3 for r in stream(kaiming, "residual", False))
    return Verdict(facts, checks)


def gradflow_words(v: Verdict, init: str) -> dict[str, str]:
    """One init's facts as the texts print them: {regime: "lo–hi"} and the shrink factors (1 / ratio)
    of the regimes that shrink; `depth`, `seeds`, `vanish_depth` ("—" when it never vanishes)."""
    def span(name: str, invert: bool = False) -> str:
        lo, hi = v.facts[f"{init}_{name}_lo"], v.facts[f"{init}_{name}_hi"]
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return "—"
        if invert:  # a shrinking signal, said as "n times smaller"
            lo, hi = (1 / hi if hi else math.inf), (1 / lo if lo else math.inf)
        return times(lo) if times(lo) == times(hi) else f"{times(lo)}–{times(hi)}"

    regimes = [f"{bn}_{kind}" for bn in ("bn", "nobn") for kind in ("plain", "residual", "zero_init")]
    words = {r: span(r) for r in regimes} | {f"{r}_shrink": span(r, invert=True) for r in regimes}
    vanish = v.facts.get(f"{init}_vanish_depth", math.nan)
    return words | {"depth": f"{v.facts['depth']:.0f}", "seeds": f"{v.facts['seeds']:.0f}",
                    "vanish_depth": f"{vanish:.0f}" if math.isfinite(vanish) else "—"}


def gradflow_lesson_words(v: Verdict) -> dict[str, str]:
    """Both inits' words for the lesson's text: p_<name> (PyTorch's init), k_<name> (Kaiming's), the
    range of every zero-init regime together, depth and seeds."""
    words = {"depth": f"{v.facts['depth']:.0f}", "seeds": f"{v.facts['seeds']:.0f}"}
    for init, prefix in (("pytorch", "p_"), ("kaiming", "k_")):
        if f"{init}_bn_plain_lo" in v.facts:
            words |= {prefix + k: w for k, w in gradflow_words(v, init).items()}
    zero = [v.facts[k] for k in v.facts if "zero_init" in k and math.isfinite(v.facts[k])]
    words["zero"] = f"{times(min(zero))}–{times(max(zero))}" if zero else "—"
    return words
