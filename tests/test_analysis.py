"""The analysis against outside figures: torchvision's model cards, the papers' tables, the built
model measured by numel and FlopCounterMode, and torchinfo; totals = sums of rows."""

import pytest
import torch
import torchinfo

from resnet_explorer import PRESETS, analyze, build_model, preset
from resnet_explorer.spec import OpKind
from resnet_explorer.tool_counts import tool_totals

from .oracle import measure

# torchvision.models docs: params and "GFLOPS" (which are GMACs) at 224x224.
TORCHVISION = {
    "resnet18": (11_689_512, 1.814),
    "resnet34": (21_797_672, 3.664),
    "resnet50": (25_557_032, 4.089),
    "resnet101": (44_549_160, 7.801),
    "resnet152": (60_192_808, 11.514),
    "resnext50_32x4d": (25_028_904, 4.23),
    "resnext101_32x8d": (88_791_336, 16.414),
    "wide_resnet50_2": (68_883_240, 11.398),
    "wide_resnet101_2": (126_886_696, 22.753),
}
# He et al. 2015, Table 6 (millions); He et al. 2016, Table 4 for the pre-activation nets.
PAPER_MILLIONS = {"resnet20": 0.27, "resnet32": 0.46, "resnet44": 0.66, "resnet56": 0.85,
                  "resnet110": 1.7, "resnet1202": 19.4, "preact_resnet110": 1.7, "preact_resnet164": 1.7}


@pytest.mark.parametrize("name", TORCHVISION)
def test_torchvision_params_and_gmacs(name):
    params, gmacs = TORCHVISION[name]
    totals = analyze(preset(name)).totals
    assert totals.params == params
    assert round(totals.macs / 1e9, len(str(gmacs).split(".")[1])) == gmacs
    assert totals.flops == 2 * totals.macs


@pytest.mark.parametrize("name", PAPER_MILLIONS)
def test_paper_params(name):
    digits = 2 if PAPER_MILLIONS[name] < 1 else 1
    assert round(analyze(preset(name)).totals.params / 1e6, digits) == PAPER_MILLIONS[name]


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_matches_its_built_model(name):
    cfg = preset(name)
    a, m = analyze(cfg), measure(cfg)
    assert a.totals.params == m["params"]
    assert a.totals.buffers == m["buffers"]
    assert a.totals.macs == m["macs"]
    for row in a.rows:
        if row.kind is OpKind.ADD:
            continue
        expected = m["shapes"][row.name]
        assert (row.out_shape if row.kind is not OpKind.FC else row.out_shape[:1]) == expected, row.name


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "resnext50_32x4d", "resnet20", "preact_resnet164"])
def test_torchinfo_agrees_and_its_mult_adds_are_explained(name):
    cfg = preset(name)
    with torch.device("meta"):
        model = build_model(cfg)
    stats = torchinfo.summary(model, input_size=(1, cfg.in_channels, *cfg.input_size), device="meta",
                              verbose=0)
    a = analyze(cfg)
    totals = a.totals
    assert stats.total_params == totals.params
    assert stats.total_mult_adds == tool_totals(a)["torchinfo"]
    # without conv biases, torchinfo's surplus over MACs is exactly the BN affine params and the fc bias
    assert stats.total_mult_adds - totals.macs == totals.bn_params + totals.bias_params


def test_totals_are_sums_of_rows():
    a = analyze(preset("resnet50"))
    assert a.totals.params == sum(r.params for r in a.rows)
    assert a.totals.macs == sum(r.macs for r in a.rows) == sum(s.macs for s in a.stages)
    assert a.totals.params == sum(s.params for s in a.stages)


def test_stage_rows_follow_the_paper_table_1():
    a = analyze(preset("resnet34"))
    assert [s.name for s in a.stages] == ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "pool, fc"]
    # Table 1 output sizes: 112, 56, 28, 14, 7; the max-pool opens conv2_x.
    assert [s.output_shape[1] for s in a.stages[:5]] == [112, 56, 28, 14, 7]
    assert a.stages[0].stride == 2 and a.stages[1].maxpool == (3, 2)
    assert [s.blocks for s in a.stages[1:5]] == [3, 4, 6, 3]
    assert a.stages[2].convs == ((3, 128), (3, 128))


def test_resnet50_flops_in_flopcounter_units():
    m = measure(preset("resnet50"), batch=2)
    assert m["macs"] == analyze(preset("resnet50")).totals.macs
