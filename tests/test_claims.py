"""Every lesson's claims on the data it ships (lessons/claims.py), and checks that the claims would
catch data that does not show them."""

from __future__ import annotations

import dataclasses
import math

import pytest

from resnet_explorer.i18n import STRINGS, t
from resnet_explorer.lessons import claims, recordings


@pytest.fixture(scope="module")
def sweeps():
    rec = recordings.read_json(recordings.gradflow_path())
    assert rec is not None, "the gradient-flow recording ships with the app"
    return recordings.sweeps_of(rec)


def test_the_gradflow_lesson_holds_on_every_recorded_seed(sweeps):
    verdict = claims.gradflow(sweeps)
    assert verdict.holds, verdict.failed
    assert len(verdict.checks) == 12 and verdict.facts["seeds"] >= 5 and verdict.facts["depth"] == 110
    for seed in recordings.GRADFLOW_SEEDS:  # and on each seed alone, as a live run is checked
        for init, by_seed in sweeps.items():
            assert claims.gradflow({init: {seed: by_seed[seed]}}).holds, (init, seed)


def test_the_facts_are_the_ranges_of_the_recorded_ratios(sweeps):
    verdict = claims.gradflow(sweeps)
    plain = [f.ratio("stream") for flows in sweeps["kaiming"].values() for f in flows
             if (f.kind, f.batchnorm, f.depth) == ("plain", False, 110)]
    assert verdict.facts["kaiming_nobn_plain_lo"] == min(plain)
    assert verdict.facts["kaiming_nobn_plain_hi"] == max(plain)
    deep = verdict.facts["pytorch_vanish_depth"]
    first = [f.stream[0] for flows in sweeps["pytorch"].values() for f in flows
             if (f.kind, f.batchnorm) == ("plain", False) and f.depth >= deep]
    assert first and all(v == 0 for v in first)


def test_a_claim_fails_on_data_that_does_not_show_it(sweeps):
    def flatten(flow):  # a deep plain net with BatchNorm whose gradient stays level
        if flow.kind == "plain" and flow.batchnorm:
            return dataclasses.replace(flow, stream=tuple(1.0 for _ in flow.stream))
        return flow

    level = {init: {seed: [flatten(f) for f in flows] for seed, flows in by_seed.items()}
             for init, by_seed in sweeps.items()}
    verdict = claims.gradflow(level)
    assert not verdict.holds and "kaiming_bn_plain_explodes" in verdict.failed


def test_the_lesson_texts_read_their_numbers_from_the_facts(sweeps):
    words = claims.gradflow_lesson_words(claims.gradflow(sweeps))
    for lang in ("en", "zh"):
        text = t("ls_grad_text", lang, **words) + t("ls_grad_a", lang, **words)
        assert "{" not in text and words["k_bn_plain"] in text and words["zero"] in text
        assert words["p_vanish_depth"] == "56" and words["p_vanish_depth"] in text
    measured = [w for k, w in words.items() if not k.endswith(("depth", "seeds"))
                and w != "—"]
    for lang in ("en", "zh"):  # the measured numbers are not written into the texts themselves
        for key in ("ls_grad_text", "ls_grad_a", "lab_sweep_reading"):
            raw = STRINGS[lang][key]
            assert not [w for w in measured for part in w.split("–") if part in raw], key


def test_every_claim_has_a_sentence_in_both_languages(sweeps):
    names = {name.split("_", 1)[1] for name in claims.gradflow(sweeps).checks}
    for lang in ("en", "zh"):
        for name in names:
            assert "claim_" + name in STRINGS[lang], name


def test_factors_are_written_as_the_texts_print_them():
    assert [claims.times(x) for x in (0.0121, 27.5, 9999, 1.2e7, 3.7e8, math.nan)] == [
        "0.0121", "27.5", "1e+04", "1.2×10⁷", "3.7×10⁸", "—"]


# -- the lessons that train -------------------------------------------------------------------------

from resnet_explorer.lessons import lesion, trained_claims, words  # noqa: E402
from resnet_explorer.lessons.bn import bn_modes, layer_responses  # noqa: E402
from resnet_explorer.lessons.nets import held_out_images  # noqa: E402


def _degradation(seed: int) -> list[dict]:
    rec = recordings.read_json(recordings.recording_path(seed))
    assert rec is not None, f"the degradation recording of seed {seed} ships with the app"
    return rec["runs"]


@pytest.mark.parametrize("seed", recordings.RECORDED_SEEDS)
def test_degradation_holds_on_every_shipped_seed(seed):
    verdict = trained_claims.degradation(_degradation(seed))
    assert verdict.holds, verdict.failed
    for lang in ("en", "zh"):  # the answer quotes this run's numbers
        answer = words.degradation_answer(_degradation(seed), lang)
        assert words.pct(verdict.facts["err_plain56"]) in answer and "{" not in answer


def test_the_degradation_claim_fails_on_runs_that_do_not_show_it():
    runs = [dict(r) for r in _degradation(0)]
    for r in runs:
        if r["name"] == "ResNet-56":
            r["train_acc"] = 0.5  # a deep residual net that did not train
    verdict = trained_claims.degradation(runs)
    assert verdict.failed == ["residual_does_not_degrade", "shortcuts_fix_depth"]
    assert words.degradation_answer(runs, "en").startswith("This run does not show")


def test_the_spread_over_the_shipped_seeds_is_their_range():
    recs = [_degradation(s) for s in recordings.RECORDED_SEEDS]
    ranges = trained_claims.degradation_ranges(recs)
    plain56 = [1 - r["train_acc"] for rec in recs for r in rec if r["name"] == "plain-56"]
    assert ranges["plain56"] == (min(plain56), max(plain56))
    assert words.pct(max(plain56)) in words.degradation_spread(recs, "zh")


@pytest.fixture(scope="module")
def lesion_study():
    rec = recordings.read_json(recordings.lesion_recording_path(0))
    assert rec is not None
    return rec["nets"]


def test_lesion_holds_on_the_shipped_nets(lesion_study):
    verdict = trained_claims.lesion(lesion_study)
    assert verdict.holds, verdict.failed
    res = next(n for n in lesion_study if n["residual"])
    drops = [100 * (res["test_acc"] - b["test_acc"]) for b in res["blocks"]
             if not b["downsamples"] and b["test_acc"] is not None]
    assert len(drops) == 25 and verdict.facts["res_drop"] == pytest.approx(sorted(drops)[12])  # the middle
    assert verdict.facts["res_costly"] == sum(d > trained_claims.LESION_RESIDUAL_MAX for d in drops)
    assert verdict.facts["res_worst"] == pytest.approx(max(drops))
    answer = words.lesion_answer(lesion_study, "en")
    assert f"{verdict.facts['res_worst']:.1f}" in answer and verdict.facts["res_worst_block"] in answer


def test_responses_and_batchnorm_hold_on_the_shipped_nets():
    nets = lesion.lesion_nets(0)
    x, y = held_out_images(0, 256)
    responses = [(name, residual, layer_responses(m, x)) for name, residual, m in nets]
    assert trained_claims.responses(responses).holds
    bn = trained_claims.batchnorm(bn_modes(next(m for _, r, m in nets if r), x, y))
    assert bn.holds, bn.failed


def test_every_trained_claim_has_a_sentence_in_both_languages(lesion_study):
    names = {f"deg_{n}" for n in trained_claims.degradation(_degradation(0)).checks}
    names |= {f"les_{n}" for n in trained_claims.lesion(lesion_study).checks}
    names |= {f"bn_{n}" for n in ("eval_mode_classifies", "alone_in_train_mode_worse",
                                  "eval_mode_ignores_the_batch", "train_mode_depends_on_the_batch")}
    for lang in ("en", "zh"):
        for name in names:
            assert "claim_" + name in STRINGS[lang], name
