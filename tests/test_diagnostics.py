"""Findings against independent computations: hand-built traces with known numbers, and short real
runs of the regimes that issue 8 found misreported (zero-init, blow-up at init, tiny gradients)."""

from __future__ import annotations

import math

import pytest
from torch import nn

from resnet_explorer import NetConfig, Shortcut, Stem, build_model, preset
from resnet_explorer.lab.diagnostics import diagnose, final_loss
from resnet_explorer.lab.trace import LayerMap, Trace
from resnet_explorer.lab.training import Diverged, TrainConfig, TrainingRun
from resnet_explorer.spec import build_spec

TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 2, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)


def _weights(cfg: NetConfig) -> dict[str, int]:
    """Weights of every conv/linear layer, counted on the built modules (not on the spec)."""
    model = build_model(cfg, seed=0)
    return {n: m.weight.numel() for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))}


def _trace(cfg: NetConfig, grad, weight=lambda layer: 1.0, losses=(1.0,), label="net") -> Trace:
    """A trace with chosen numbers: grad(layer) and weight(layer) norms at every step."""
    tr = Trace(label, cfg, LayerMap.of(build_spec(cfg)))
    nb = len(tr.blocks)
    for i, loss in enumerate(losses):
        tr.append(i, 0.0, 0.1, {"loss": loss, "accuracy": 0.5, "grad_norm": [grad(n) for n in tr.layers],
                                "update_ratio": [1e-3] * len(tr.layers),
                                "weight_norm": [weight(n) for n in tr.layers],
                                "act_mean": [0.0] * nb, "act_std": [1.0] * nb,
                                "shortcut_grad": [1.0] * nb, "branch_grad": [1.0] * nb})
    return tr


def _keys(findings) -> list[str]:
    return [k for k, _ in findings]


def _no_bad_numbers(findings) -> None:
    for _, values in findings:
        for v in values.values():
            assert not (isinstance(v, float) and not math.isfinite(v)), values


def test_stage_ratio_is_per_weight():
    """Equal total norms in layer1 and layer3, which differ in size: the reported ratio is that of
    the root mean square per weight, sqrt(weights3 / weights1), counted here on the modules."""
    cfg = preset("resnet20")
    sizes = _weights(cfg)
    stage = {n: n.split(".")[0] for n in sizes}
    per_stage = {s: sum(v for n, v in sizes.items() if stage[n] == s) for s in ("layer1", "layer3")}
    count = {s: sum(1 for n in sizes if stage[n] == s) for s in ("layer1", "layer3")}
    # every layer of a stage gets the same norm, so that each stage's total is 1.0
    tr = _trace(cfg, lambda n: 1 / math.sqrt(count[stage[n]]) if stage[n] in count else 1.0)
    (finding,) = [v for k, v in diagnose([tr]) if k in ("lab_dx_even", "lab_dx_vanish", "lab_dx_explode")]
    expect = math.sqrt(per_stage["layer3"] / per_stage["layer1"])  # about 3.8: 64 vs 16 channels
    assert finding["factor"] == pytest.approx(expect)


def test_exploding_plain_net_without_batchnorm_is_not_blamed_on_batchnorm():
    cfg = preset("plain20").replace(batchnorm=False)
    tr = _trace(cfg, lambda n: 1e4 if n.startswith("layer1") else 1.0)
    (values,) = [v for k, v in diagnose([tr]) if k == "lab_dx_explode"]
    assert "bn" not in values["typical_key"]
    tr_bn = _trace(preset("plain20"), lambda n: 1e4 if n.startswith("layer1") else 1.0)
    (values,) = [v for k, v in diagnose([tr_bn]) if k == "lab_dx_explode"]
    assert values["typical_key"] == "lab_dx_typical_explode_plain_bn"


def test_uniformly_tiny_gradients_are_not_called_healthy():
    """Every stage at 1e-4 of its weights' norm (plain-56 without BN: about 1e-4 to 1e-3)."""
    tr = _trace(preset("plain56").replace(batchnorm=False), lambda n: 1e-4, lambda n: 1.0)
    keys = _keys(diagnose([tr]))
    assert "lab_dx_tiny" in keys and "lab_dx_even" not in keys


def test_zero_init_at_step_zero_reports_no_ratio():
    """Zero-init last BN: no branch weight gets a gradient at step 0; that is said, not "∞×"."""
    quick = TrainConfig(batch_size=8, steps=2, twin=False)
    (tr,) = TrainingRun(TINY.replace(zero_init_residual=True), quick).run()
    model = build_model(TINY.replace(zero_init_residual=True), seed=0)
    branch = [n for n, m in model.named_modules() if isinstance(m, nn.Conv2d) and n.startswith("layer")]
    assert all(g == 0 for n, g in zip(tr.layers, tr.grad_norm[0]) if n in branch)
    findings = diagnose([tr], 0)
    keys = _keys(findings)
    assert "lab_dx_zero_grad" in keys and "lab_dx_zero_init" in keys
    assert not {"lab_dx_even", "lab_dx_vanish", "lab_dx_explode"} & set(keys)
    _no_bad_numbers(findings)
    assert "lab_dx_zero_grad" not in _keys(diagnose([tr], 1))  # the BN weights have moved


@pytest.mark.slow  # ResNet-110
def test_a_loss_huge_before_the_first_update_is_an_initialisation_problem():
    """ResNet-110 without BN (Kaiming init): issue 8 measured a loss of 4.4e8 at step 0."""
    quick = TrainConfig(batch_size=8, steps=5, twin=False)
    run = TrainingRun(preset("resnet110").replace(batchnorm=False), quick)
    with pytest.raises(Diverged, match="at step 0"):
        run.run()
    (tr,) = run.traces
    assert tr.loss[0] > 1e6
    findings = dict(diagnose([tr]))
    assert findings["lab_dx_init_loss"]["cause_key"] == "lab_dx_cause_residual_nobn"
    assert findings["lab_dx_init_loss"]["chance"] == pytest.approx(math.log(10))
    assert "lab_dx_update_large" not in findings  # no "lower the learning rate" advice


def test_degradation_and_plain_worse_are_named():
    cfg20, cfg56 = preset("plain20"), preset("plain56")
    steps = 20
    deep = _trace(cfg56, lambda n: 1.0, losses=[2.3] * 18 + [1.8, 1.8], label="net")
    shallow = _trace(cfg20, lambda n: 1.0, losses=[2.3] * 18 + [0.7, 0.7], label="twin")
    assert final_loss(deep) == pytest.approx(1.8)  # the mean over the last 10% of 20 steps: 2 steps
    found = dict(diagnose([deep, shallow]))
    assert found["lab_dx_degradation"] == {"deep": "net", "shallow": "twin", "deep_depth": 56,
                                                "shallow_depth": 20, "loss_deep": pytest.approx(1.8),
                                                "loss_shallow": pytest.approx(0.7)}
    residual = _trace(preset("resnet56"), lambda n: 1.0, losses=[0.4] * steps, label="twin")
    found = dict(diagnose([deep, residual]))
    assert found["lab_dx_plain_worse"]["depth"] == 56 and "lab_dx_degradation" not in found
    # the other way round (a deeper plain net that trains better) is not called degradation
    better = _trace(cfg56, lambda n: 1.0, losses=[0.5] * steps)
    assert "lab_dx_degradation" not in dict(diagnose([shallow, better]))


def test_real_twin_run_findings_are_finite_and_translated_keys_exist():
    from resnet_explorer.i18n import STRINGS

    traces = TrainingRun(TINY, TrainConfig(batch_size=8, steps=10, twin=True)).run()
    findings = diagnose(traces)
    assert "lab_dx_split" in _keys(findings) and "lab_dx_twin_loss" in _keys(findings)
    _no_bad_numbers(findings)
    for key, values in findings:
        assert key in STRINGS["en"] and key in STRINGS["zh"]
        assert all(v in STRINGS["en"] for k, v in values.items() if k.endswith("_key"))


def test_every_finding_reads_in_both_languages():
    """Each finding's values fill its sentence's placeholders in English and Chinese."""
    from resnet_explorer.i18n import t
    from resnet_explorer.ui.lab_text import _words

    def steep(n: str) -> float:
        return 1e4 if n.startswith("layer1") else 1.0

    traces = [_trace(preset("plain56").replace(batchnorm=False), lambda n: 1e-4),
              _trace(preset("plain20"), steep),
              _trace(preset("resnet20").replace(batchnorm=False), steep, losses=[5e8]),
              _trace(preset("resnet20").replace(zero_init_residual=True), lambda n: 0.0)]
    deep = _trace(preset("plain56"), lambda n: 1.0, losses=[2.0] * 20, label="net")
    pair = [deep, _trace(preset("plain20"), lambda n: 1.0, losses=[0.5] * 20, label="twin")]
    findings = [f for tr in traces for f in diagnose([tr])] + diagnose(pair)
    keys = {k for k, _ in findings}
    assert {"lab_dx_tiny", "lab_dx_explode", "lab_dx_init_loss", "lab_dx_zero_grad", "lab_dx_zero_init",
            "lab_dx_degradation"} <= keys
    for key, values in findings:
        for lang in ("en", "zh"):
            text = t(key, lang, **_words(values, lang))
            assert "{" not in text and "∞" not in text and "nan" not in text
