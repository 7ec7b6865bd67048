"""What the trained lessons say, from their data: each answer, caption and table is a pure function of
the runs it is about (a recording or a live run), with the numbers read from the claims
(trained_claims.py). Where the data does not show a claim, the answer says so instead of asserting
it. The scene (ui/lessons/) and the static page (pages/lessons.py) both use these, so they say the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import t
from ..lab.settings import TrainConfig
from . import trained_claims as tc
from .claims import Verdict
from .figures import CURVE_WINDOW, NETS


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def pts(x: float) -> str:
    return f"{x:.1f}"


def fair(s: TrainConfig, lang: str) -> str:
    """The degradation lesson's fairness checklist, from the recipe itself."""
    return t("ls_fair", lang, n=f"{s.n_train:,}", seed=s.seed, lr=s.lr, warmup=s.warmup_steps,
             batch=s.batch_size, steps=s.steps, window=CURVE_WINDOW)


def _failed(v: Verdict, prefix: str, lang: str, **values: object) -> str:
    return t("sm_sep", lang).join(t(f"claim_{prefix}_{name}", lang, **values) for name in v.failed)


def gradflow_recording(seeds: Sequence[int], lang: str) -> str:
    """The caption of a recorded gradient-flow sweep: how it was made, over which seeds."""
    return t("ls_grad_recording", lang, seeds=", ".join(map(str, seeds)))


def degradation_answer(runs: list[dict], lang: str) -> str:
    """The answer to the degradation question, for these runs of the four nets."""
    v = tc.degradation(runs)
    err = {k.removeprefix("err_"): pct(x) for k, x in v.facts.items()}
    if v.holds:
        return t("ls_deg_a", lang, **err)
    return t("ls_deg_a_fails", lang, which=_failed(v, "deg", lang, tol=pts(100 * tc.DEGRADATION_TOL),
                                                   margin=pts(100 * tc.DEGRADATION_MARGIN)), **err)


def degradation_spread(recordings: list[list[dict]], lang: str) -> str:
    """The final training error of each net over the shipped seeds: "plain-20 0.1-1.1%, ..."."""
    ranges = tc.degradation_ranges(recordings)
    parts = [t("sm_range", lang, net=name, lo=pct(ranges[tc.key(name)][0]), hi=pct(ranges[tc.key(name)][1]))
             for name in NETS if tc.key(name) in ranges]
    return t("ls_deg_spread", lang, n=len(recordings), items=t("sm_comma", lang).join(parts))


def degradation_table(runs: list[dict], lang: str) -> dict[str, list[str]]:
    by_name = {r["name"]: r for r in runs}
    shown = [by_name[n] for n in NETS if n in by_name]
    return {t("ls_net", lang): [r["name"] for r in shown],
            t("ls_final_err", lang): [pct(1 - r["train_acc"]) for r in shown],
            t("ls_final_loss", lang): [f"{r['final_train_loss']:.3f}" for r in shown]}


def lesion_answer(nets: list[dict], lang: str) -> str:
    """The answer to the lesion question, for this study of a residual and a plain net."""
    v = tc.lesion(nets)
    f = v.facts
    values = dict(res=f["res_name"], plain=f["plain_name"], res_drop=pts(f["res_drop"]),
                  plain_drop=pts(f["plain_drop"]), blocks=f["res_blocks"], costly=f["res_costly"],
                  tol=pts(tc.LESION_RESIDUAL_MAX), worst_block=f["res_worst_block"],
                  worst=pts(f["res_worst"]), plain_acc=pct(f["plain_acc"]), res_acc=pct(f["res_acc"]))
    if v.holds:
        return t("ls_les_a", lang, **values)
    which = _failed(v, "les", lang, tol=pts(tc.LESION_RESIDUAL_MAX), min=pts(tc.LESION_PLAIN_MIN),
                    trained=pct(tc.LESION_PLAIN_TRAINED))
    return t("ls_les_a_fails", lang, which=which, **values)


def lesion_table(nets: list[dict], lang: str) -> dict[str, list[str]]:
    v = tc.lesion(nets)
    return {t("ls_net", lang): [n["name"] for n in nets],
            t("ls_les_acc", lang): [pct(n["test_acc"]) for n in nets],
            t("ls_les_median", lang): [pts(v.facts["res_drop"] if n["residual"] else v.facts["plain_drop"])
                                       for n in nets]}


def responses_answer(nets: list[tuple[str, bool, list[tuple[str, float]]]], lang: str) -> str:
    v = tc.responses(nets)
    f = v.facts
    key = "ls_resp_a" if v.holds else "ls_resp_a_fails"
    less = f"{1 - f['res_mean'] / f['plain_mean']:.0%}"
    return t(key, lang, res_name=f["res_name"], plain_name=f["plain_name"], res=f"{f['res_mean']:.3f}",
             plain=f"{f['plain_mean']:.3f}", less=less)


def batchnorm_answer(d: dict, lang: str) -> str:
    v = tc.batchnorm(d)
    values = dict(eval=pct(d["acc_eval"]), batch=pct(d["acc_train_batch"]), single=pct(d["acc_train_single"]),
                  n=d["batch"], shift=f"{d['shift_train']:.3g}", shift0=f"{d['shift_eval']:.3g}")
    if v.holds:
        return t("ls_bn_a", lang, **values)
    return t("ls_bn_a_fails", lang, which=_failed(v, "bn", lang), **values)


def batchnorm_table(d: dict, lang: str) -> dict[str, list]:
    return {t("ls_bn_channel", lang): list(range(d["channels"])),
            t("ls_bn_bmean", lang): [f"{v:.4f}" for v in d["batch_mean"]],
            t("ls_bn_rmean", lang): [f"{v:.4f}" for v in d["running_mean"]],
            t("ls_bn_bvar", lang): [f"{v:.4f}" for v in d["batch_var"]],
            t("ls_bn_rvar", lang): [f"{v:.4f}" for v in d["running_var"]]}
