"""The sources' own networks: each count against the source's printed figure and against a model
built here by hand, layer by layer, as the source's code builds it (an independent oracle)."""

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from resnet_explorer import analyze, build_model, build_spec, preset


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


def test_table_1_row_of_a_transition_stage_names_the_plain_conv():
    from resnet_explorer.formatting import block_text

    stages = analyze(preset("article_resnet20")).stages
    assert block_text(stages[2]) == "3×3, 32, stride 2; [3×3, 32; 3×3, 32] × 3"
    assert block_text(stages[2], "zh").startswith("3×3，32，步幅 2；")
    assert stages[2].params == 4_640 + 64 + 3 * (2 * (9 * 32 * 32 + 32) + 128)  # hand count: 60,576
