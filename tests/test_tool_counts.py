"""Each tool's total, reproduced from the layer rows, against the tool itself run on the built model.

The tools are test-only dependencies pinned in requirements-dev.txt (fvcore, ptflops, thop,
calflops; calflops imports transformers). A tool that is not installed skips its tests with the
pip command that installs it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from resnet_explorer import NetConfig, analyze, build_model, preset
from resnet_explorer.tool_counts import op_sums, tool_totals

from .oracle import torchvision_models

# A basic ImageNet net, a bottleneck net, a ResNeXt, a CIFAR option-A net, a non-square input,
# a pre-activation net (bare projections, final BN) and a net without BatchNorm. Smaller inputs
# than 224 keep the tools quick; every rule scales with the input the same way.
NETS = {
    "resnet18_112": preset("resnet18").replace(input_size=(112, 112)),
    "resnet50_64": preset("resnet50").replace(input_size=(64, 64)),
    "resnext50_32x4d_64": preset("resnext50_32x4d").replace(input_size=(64, 64)),
    "resnet20_option_a": preset("resnet20"),
    "resnet18_64x96": preset("resnet18").replace(input_size=(64, 96)),
    "preact_small": preset("preact_resnet164").replace(stages=(2, 2, 2)),
    "plain20_no_bn": preset("plain20").replace(batchnorm=False),
}
if "conv_bias" in NetConfig.__dataclass_fields__:  # convs with a bias (Keras' default)
    NETS["resnet18_bias_64"] = preset("resnet18").replace(conv_bias=True, input_size=(64, 64))
# Bottleneck nets take the tools several seconds each: everyday runs skip them (-m "not slow").
SLOW = {"resnet50_64", "resnext50_32x4d_64", "preact_small"}
CASES = [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in NETS]
PIP = ("pip install fvcore==0.1.5.post20221221 ptflops==0.7.5 thop==0.1.1.post2209072238 "
       "calflops==0.3.2 transformers")


def _tool(module: str):
    return pytest.importorskip(module, reason=f"{module} is not installed here ({PIP})")


def _model(cfg, train: bool = False):
    model = build_model(cfg, seed=0)
    return model.train(train)


def _x(cfg) -> torch.Tensor:
    return torch.zeros(1, cfg.in_channels, *cfg.input_size)


@contextlib.contextmanager
def _quiet():
    """The tools print per-layer notes and warn about modules they do not know (the zero-pad
    shortcut, the residual block): silence them, the totals are what is compared."""
    level = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(level)


def fvcore_total(cfg, train: bool) -> int:
    nn_ = _tool("fvcore.nn")
    with _quiet():
        counter = nn_.FlopCountAnalysis(_model(cfg, train), _x(cfg))
        counter.unsupported_ops_warnings(False)
        counter.uncalled_modules_warnings(False)
        return counter.total()


def ptflops_total(cfg, **options) -> int:
    torchvision_models()  # ptflops imports torchvision.ops: let the CPU-only torch import it
    ptflops = _tool("ptflops")
    with _quiet():
        macs, _ = ptflops.get_model_complexity_info(_model(cfg), (cfg.in_channels, *cfg.input_size),
                                                    as_strings=False, print_per_layer_stat=False,
                                                    **options)
    return macs


def thop_total(cfg) -> float:
    thop = _tool("thop")
    with _quiet():
        ops, _ = thop.profile(_model(cfg), inputs=(_x(cfg),), verbose=False)
    return ops


def calflops_counts(cfg) -> tuple[int, int]:
    calflops = _tool("calflops")
    with _quiet():
        flops, macs, _ = calflops.calculate_flops(_model(cfg), input_shape=tuple(_x(cfg).shape),
                                                  output_as_string=False, print_results=False,
                                                  print_detailed=False)
    return flops, macs


@pytest.mark.parametrize("net", CASES)
def test_fvcore_eval_and_train(net):
    cfg, ours = NETS[net], tool_totals(analyze(NETS[net]))
    assert fvcore_total(cfg, train=False) == ours["fvcore"]
    assert fvcore_total(cfg, train=True) == ours["fvcore_train"]


@pytest.mark.parametrize("net", CASES)
def test_ptflops_three_ways(net):
    cfg, ours = NETS[net], tool_totals(analyze(NETS[net]))
    assert ptflops_total(cfg) == ours["ptflops"]
    assert ptflops_total(cfg, backend_specific_config={"count_functional": False}) == ours["ptflops_modules"]
    assert ptflops_total(cfg, backend="aten") == ours["ptflops_aten"]


@pytest.mark.parametrize("net", CASES)
def test_thop(net):
    assert thop_total(NETS[net]) == tool_totals(analyze(NETS[net]))["thop"]


@pytest.mark.parametrize("net", CASES)
def test_calflops_flops_and_macs(net):
    ours = tool_totals(analyze(NETS[net]))
    assert calflops_counts(NETS[net]) == (ours["calflops_flops"], ours["calflops_macs"])


@pytest.mark.parametrize("net", ["resnet20_option_a", "resnet18_64x96", "plain20_no_bn"])
def test_flop_counter_mode(net):
    cfg = NETS[net]
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        _model(cfg)(_x(cfg))
    assert counter.get_total_flops() == tool_totals(analyze(cfg))["flop_counter"]


def test_resnet50_totals_as_published_in_the_issue_measurements():
    """resnet50 at 224x224, each tool's own output as measured and written down before this code."""
    ours = tool_totals(analyze(preset("resnet50")))
    assert ours == {
        "paper": 4_089_184_256, "torchvision": 4_089_184_256, "flop_counter": 8_178_368_512,
        "fvcore": 4_111_512_576, "fvcore_train": 4_144_854_528, "ptflops": 4_132_436_968,
        "ptflops_modules": 4_121_925_096, "ptflops_aten": 4_089_185_256, "thop": 4_133_742_592,
        "calflops_flops": 8_211_108_352, "calflops_macs": 4_089_184_256, "torchinfo": 4_089_238_376,
    }


def test_op_sums_by_hand_on_resnet18():
    """resnet18 at 224: hand-computed element counts (BN outputs: 64x112x112 for bn1, then
    4 x 64x56x56, 4 x 128x28x28 + 128x28x28 downsample, ... as in torchvision's layout)."""
    s = op_sums(analyze(preset("resnet18")))
    bn = 64 * 112 * 112 + 4 * 64 * 56 * 56 + 5 * 128 * 28 * 28 + 5 * 256 * 14 * 14 + 5 * 512 * 7 * 7
    assert s.bn_elements == bn
    relu = 64 * 112 * 112 + 4 * 64 * 56 * 56 + 4 * 128 * 28 * 28 + 4 * 256 * 14 * 14 + 4 * 512 * 7 * 7
    assert s.relu_elements == relu
    assert (s.maxpool_in, s.avgpool_in, s.avgpool_out) == (64 * 112 * 112, 512 * 7 * 7, 512)
    assert (s.fc_bias, s.conv_bias) == (1000, 0)
