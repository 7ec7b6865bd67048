"""The claims of the lessons that train nets (degradation, lesion, layer responses, BatchNorm), as
functions of their results: the numbers the texts quote and whether the data shows each claim (see
claims.py). Thresholds are stated here, once; the lessons' texts say them."""

from __future__ import annotations

from statistics import median

from .claims import Verdict

# Degradation (He et al. 2015, Fig. 1/6): final training error, eval mode, all training images.
DEGRADATION_TOL = 0.01  # ResNet-56 at most 1 point above ResNet-20
DEGRADATION_MARGIN = 0.20  # plain-56 at least 20 points above ResNet-56
# Lesion (Veit et al. 2016): median drop of held-out accuracy over the blocks that keep their shape.
LESION_RESIDUAL_MAX = 3.0  # points
LESION_PLAIN_MIN = 30.0
LESION_PLAIN_TRAINED = 0.90  # the plain net must have learned first (held-out accuracy)


def key(name: str) -> str:
    """A net's name as a fact's key: plain-20 -> plain20."""
    return name.lower().replace("-", "")


def degradation(runs: list[dict]) -> Verdict:
    """One run of the four nets: plain-56 trains worse than plain-20; ResNet-56 at least as well as
    ResNet-20 (within DEGRADATION_TOL); ResNet-56 far better than plain-56."""
    err = {key(r["name"]): 1 - r["train_acc"] for r in runs}
    checks = {"plain_degrades": err["plain56"] > err["plain20"],
              "residual_does_not_degrade": err["resnet56"] <= err["resnet20"] + DEGRADATION_TOL,
              "shortcuts_fix_depth": err["plain56"] - err["resnet56"] >= DEGRADATION_MARGIN}
    return Verdict({f"err_{k}": v for k, v in err.items()}, checks)


def degradation_ranges(recordings: list[list[dict]]) -> dict[str, tuple[float, float]]:
    """{net key: (lowest, highest)} final training error over several runs of the lesson."""
    errs: dict[str, list[float]] = {}
    for runs in recordings:
        for r in runs:
            errs.setdefault(key(r["name"]), []).append(1 - r["train_acc"])
    return {k: (min(v), max(v)) for k, v in errs.items()}


def _drops(net: dict) -> dict[str, float]:
    return {b["block"]: 100 * (net["test_acc"] - b["test_acc"]) for b in net["blocks"]
            if not b["downsamples"] and b["test_acc"] is not None}


def lesion(nets: list[dict]) -> Verdict:
    """Deleting one block: the residual net hardly loses (median under LESION_RESIDUAL_MAX points),
    the plain net, which had learned, collapses (median over LESION_PLAIN_MIN)."""
    res = next(n for n in nets if n["residual"])
    plain = next(n for n in nets if not n["residual"])
    res_drops, plain_drops = _drops(res), _drops(plain)
    worst = max(res_drops, key=res_drops.get)
    facts = {"res_name": res["name"], "plain_name": plain["name"], "res_acc": res["test_acc"],
             "plain_acc": plain["test_acc"], "res_drop": median(res_drops.values()),
             "plain_drop": median(plain_drops.values()), "res_blocks": len(res_drops),
             "res_costly": sum(d > LESION_RESIDUAL_MAX for d in res_drops.values()),
             "res_worst": res_drops[worst], "res_worst_block": worst}
    checks = {"residual_hardly_notices": facts["res_drop"] < LESION_RESIDUAL_MAX,
              "plain_had_learned": plain["test_acc"] >= LESION_PLAIN_TRAINED,
              "plain_collapses": facts["plain_drop"] > LESION_PLAIN_MIN}
    return Verdict(facts, checks)


def responses(nets: list[tuple[str, bool, list[tuple[str, float]]]]) -> Verdict:
    """He et al. 2015, Fig. 7: a residual net's blocks respond more weakly than a plain net's."""
    mean = {r: sum(v for _, v in stds) / len(stds) for _, r, stds in nets}
    names = {r: name for name, r, _ in nets}
    return Verdict({"res_mean": mean[True], "plain_mean": mean[False], "res_name": names[True],
                    "plain_name": names[False]}, {"residual_responds_less": mean[True] < mean[False]})


def batchnorm(d: dict) -> Verdict:
    """BatchNorm in evaluation mode classifies an image on its own; in training mode it depends on
    the batch: alone, an image is normalised by its own statistics and is classified worse."""
    checks = {"eval_mode_classifies": d["acc_eval"] >= 0.9,
              "alone_in_train_mode_worse": d["acc_train_single"] < d["acc_eval"] - 0.2,
              "eval_mode_ignores_the_batch": d["shift_eval"] < 1e-4,
              "train_mode_depends_on_the_batch": d["shift_train"] > 1e-3}
    return Verdict(dict(d), checks)


__all__ = ["batchnorm", "degradation", "degradation_ranges", "lesion", "responses"]
