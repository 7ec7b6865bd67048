"""The sources' own networks: each count against the source's printed figure and against a model
built here by hand, layer by layer, as the source's code builds it (an independent oracle)."""

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from resnet_explorer import analyze, build_model, build_spec, preset
from resnet_explorer.versus import article_vs_paper


def _keras_resnet20() -> nn.Module:
    """The article's Keras `resnet20()` in PyTorch: Conv2D has a bias (Keras' default)."""
    def conv_block(cin, cout, stride):
        return [nn.Conv2d(cin, cout, 3, stride, 1), nn.BatchNorm2d(cout), nn.ReLU()]

    class Identity(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.f = nn.Sequential(*conv_block(c, c, 1), nn.Conv2d(c, c, 3, 1, 1), nn.BatchNorm2d(c))

        def forward(self, x):
            return torch.relu(self.f(x) + x)

    layers = conv_block(3, 16, 1) + [Identity(16) for _ in range(3)]
    layers += conv_block(16, 32, 2) + [Identity(32) for _ in range(3)]
    layers += conv_block(32, 64, 2) + [Identity(64) for _ in range(3)]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def _macs(model: nn.Module, shape: tuple) -> int:
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model.eval()(torch.zeros(1, *shape))
    return counter.get_total_flops() // 2


def test_article_resnet20_is_the_keras_code():
    cfg = preset("article_resnet20")
    a, ref = analyze(cfg), _keras_resnet20()
    assert a.totals.params == sum(p.numel() for p in ref.parameters()) == 316_778  # the Keras count
    assert a.totals.macs == _macs(ref, (3, 32, 32)) == 45_269_632
    assert build_spec(cfg).depth == 22
    model = build_model(cfg)
    assert sum(p.numel() for p in model.parameters()) == 316_778
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 10)
    # without the biases: 16+16*6+32+32*6+64+64*6+... fewer, the MACs unchanged
    plain_bias = analyze(cfg.replace(conv_bias=False)).totals
    assert plain_bias.params == 316_778 - (16 * 7 + 32 * 7 + 64 * 7)
    assert plain_bias.macs == 45_269_632


def test_simplified_resnet_with_keras_biases():
    totals = analyze(preset("simplified_resnet")).totals
    assert totals.params == 17_966_952  # Keras "Trainable params"
    assert totals.params + 13_440 == 17_980_392  # Keras "Total params" adds BN moving mean and variance
    without = analyze(preset("simplified_resnet").replace(conv_bias=False)).totals
    assert without.params == 17_960_232 and without.macs == totals.macs


@pytest.mark.parametrize("name,params", [("wrn_28_10", 36_479_194), ("wrn_40_4", 8_949_210),
                                         ("wrn_16_8", 10_961_370)])
def test_wide_resnets(name, params):
    cfg = preset(name)
    assert analyze(cfg).totals.params == params
    with torch.device("meta"):
        assert sum(p.numel() for p in build_model(cfg).parameters()) == params
    # k widens both convs of every basic block: 16k, 32k, 64k
    k = cfg.width_multiplier
    convs = [op for b in build_spec(cfg).blocks for op in b.branch if op.kind == "conv"]
    assert {op.out_ch for op in convs} == {16 * k, 32 * k, 64 * k}


def test_preact_presets_follow_their_reference_code():
    p164 = preset("preact_resnet164")
    assert analyze(p164).totals.macs == 244_500_992  # stride on the first 1x1 (resnet-1k-layers)
    conv1 = next(op for op in build_spec(p164).blocks[18].branch if op.kind == "conv")  # layer2.0
    assert (conv1.kernel, conv1.stride) == (1, 2)
    assert analyze(preset("preact_resnet110")).totals.params == 1_727_962  # option A (fb.resnet.torch)


def test_article_vs_paper_side_by_side():
    v = article_vs_paper("article_resnet20")
    assert (v.left.params, v.left.macs, v.left.depth) == (316_778, 45_269_632, 22)
    assert (v.right.params, v.right.macs, v.right.depth) == (269_722, 40_551_040, 20)
    assert {f for f, _, _ in v.options} == {"conv_bias", "transition"}
    transition = next(d for d in v.layers if d.name == "layer2.0.conv1")
    assert transition.left.params == 9 * 16 * 32 + 32 and transition.right.params == 9 * 16 * 32
    assert any(d.right is None for d in v.layers)  # layer2.3: a block the paper's net does not have
    s = article_vs_paper("simplified_resnet")
    assert s.left.params - s.right.params == 6_720 and s.left.macs == s.right.macs


# He et al. 2015: Table 1's FLOPs (multiply-adds, x 10^9) and Table 6's params (millions), typed
# from the paper; ours are the exact counts of the paper's nets (stride on the first 1x1: v1).
TABLE_1 = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3}
TABLE_6 = {"resnet20": 0.27, "resnet32": 0.46, "resnet44": 0.66, "resnet56": 0.85, "resnet110": 1.7,
           "resnet1202": 19.4}


@pytest.mark.parametrize("name", [*TABLE_1, *TABLE_6])
def test_published_figures_beside_ours_with_a_cause(name):
    from resnet_explorer.i18n import t
    from resnet_explorer.versus import published_checks

    (check,) = published_checks(name)
    printed = TABLE_1.get(name) or TABLE_6[name]
    assert check.printed == printed and check.what == ("gmacs" if name in TABLE_1 else "params")
    assert check.delta == pytest.approx(check.ours - printed)
    digits = 1 if printed >= 1 else 2
    # every printed figure is our exact count rounded or cut to the printed decimals
    assert printed in (round(check.ours, digits), int(check.ours * 10**digits) / 10**digits)
    for lang in ("en", "zh"):
        assert "{" not in t(check.cause, lang, **check.values)


def test_table_1_causes_name_the_stride_placement():
    from resnet_explorer.versus import published_checks

    (r50,) = published_checks("resnet50")
    assert r50.cause == "cause_v1_5" and r50.values["ours"] == "4.089" and r50.values["paper_net"] == "3.858"
    (r34,) = published_checks("resnet34")
    assert r34.cause == "cause_cut" and r34.values["rounded"] == 3.7


def test_table_1_row_of_a_transition_stage_names_the_plain_conv():
    from resnet_explorer.formatting import block_text

    stages = analyze(preset("article_resnet20")).stages
    assert block_text(stages[2]) == "3×3, 32, stride 2; [3×3, 32; 3×3, 32] × 3"
    assert block_text(stages[2], "zh").startswith("3×3，32，步幅 2；")
    assert stages[2].params == 4_640 + 64 + 3 * (2 * (9 * 32 * 32 + 32) + 128)  # hand count: 60,576
