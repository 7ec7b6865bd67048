"""Each lesson's poll: how many answer choices it offers and which one is right. Their words, in
English and 简体中文, are in i18n/classroom.py, keyed by lesson id (`cl_poll_<lesson>_q`,
`cl_poll_<lesson>_<i>`, and `cl_poll_<lesson>_m` for the measured line of a measured lesson).

Where the answer is a measurement, the right choice is computed from the numbers the lesson's page
measured (its `facts`), binned; with no measurement there is no right choice (None). Where the
physics fixes the answer, it is a constant:
- block: with F = 0 a residual block is the identity, and ∂L/∂x = ∂L/∂y (He et al. 2016, Eq. 4);
- degradation: plain-56 trains worse than plain-20, ResNet-56 at least as well as ResNet-20
  (He et al. 2015, Fig. 1 and 6);
- gradflow: a plain net with BatchNorm at initialisation: the gradient grows towards the input
  (it explodes; Yang et al. 2019, "A Mean Field Theory of Batch Normalization", and this app's sweep).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Facts = Mapping[str, float]
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Poll:
    choices: int
    right: Callable[[Facts], int | None]
    facts: tuple[str, ...] = ()  # the measured numbers it reads


def _finite(facts: Facts, *names: str) -> list[float] | None:
    values = [facts.get(n) for n in names]
    ok = all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)
    return [float(v) for v in values] if ok else None


def fixed(choice: int) -> Callable[[Facts], int]:
    return lambda facts: choice


def binned(value: Callable[[list[float]], float], names: tuple[str, ...],
           edges: tuple[float, ...]) -> Callable[[Facts], int | None]:
    """The bin of `value(facts)`: 0 below edges[0], i for edges[i-1] <= v < edges[i], ..."""
    def right(facts: Facts) -> int | None:
        got = _finite(facts, *names)
        if got is None:
            return None
        v = value(got)
        return bisect_right(edges, v) if math.isfinite(v) else None
    return right


def _ratio(values: list[float]) -> float:
    return values[0] / values[1] if values[1] > 0 else math.inf


POLLS: dict[str, Poll] = {
    "block": Poll(4, fixed(1)),
    "degradation": Poll(4, fixed(1)),
    # points of held-out accuracy the residual net loses when one block is deleted: <1, 1-5, 5-20, >=20
    "lesion": Poll(4, binned(lambda v: v[0], ("res_drop",), (1.0, 5.0, 20.0)), ("res_drop", "plain_drop")),
    "gradflow": Poll(3, fixed(2)),
    # a basic block's weights over a bottleneck's at the same width: <0.8, about the same, 1.25-5, >=5
    "bottleneck": Poll(4, binned(_ratio, ("basic", "bottleneck"), (0.8, 1.25, 5.0)),
                       ("w", "basic", "bottleneck", "small")),
    # points lost by images sent alone in training mode, against evaluation mode: <2, 2-20, 20-60, >=60
    "batchnorm": Poll(4, binned(lambda v: 100 * (v[0] - v[1]), ("acc_eval", "acc_train_single"),
                                (2.0, 20.0, 60.0)), ("acc_eval", "acc_train_batch", "acc_train_single")),
    # the residual net's mean response std over the plain net's: weaker (<0.9), stronger (>1/0.9), same
    "responses": Poll(3, lambda f: _responses(f), ("res_std", "plain_std")),
}


def _responses(facts: Facts) -> int | None:
    got = _finite(facts, "res_std", "plain_std")
    if got is None or got[1] <= 0:
        return None
    r = got[0] / got[1]
    return 0 if r < 0.9 else 1 if r > 1 / 0.9 else 2


def clean(lesson: str, facts: object) -> dict[str, float]:
    """The facts a lesson's poll reads, finite numbers only (anything else is left out)."""
    poll = POLLS.get(lesson)
    if poll is None or not isinstance(facts, Mapping):
        return {}
    return {k: float(v) for k in poll.facts if isinstance(v := facts.get(k), (int, float))
            and not isinstance(v, bool) and math.isfinite(v)}
