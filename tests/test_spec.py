"""The spec against the torch modules built from it: each op's weights, its bias and its BatchNorm."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from resnet_explorer import build_model, build_spec, preset
from resnet_explorer.spec import OpKind

NETS = {
    "resnet18": preset("resnet18"),
    "resnext50_32x4d": preset("resnext50_32x4d"),
    "preact_resnet164": preset("preact_resnet164"),
    "article_resnet20": preset("article_resnet20"),  # conv biases and transition layers
    "resnet20_no_bn_biased": preset("resnet20").replace(batchnorm=False, conv_bias=True),
    "preact_resnet110_no_bn": preset("preact_resnet110").replace(batchnorm=False, shortcut="C"),
}


def _ops(spec):
    yield from spec.stem
    for b in spec.blocks:
        yield from (*b.pre, *b.branch, *b.shortcut, *b.post)
    yield from spec.head


@pytest.mark.parametrize("name", NETS)
def test_op_weights_are_the_modules_weight_numel(name):
    cfg = NETS[name]
    spec = build_spec(cfg)
    with torch.device("meta"):
        modules = dict(build_model(cfg).named_modules())
    for op in _ops(spec):
        module = modules[op.name]
        if op.kind in (OpKind.CONV, OpKind.FC):
            assert op.weights == module.weight.numel(), op.name
        else:
            assert op.weights == 0 and not isinstance(module, nn.Conv2d | nn.Linear), op.name


@pytest.mark.parametrize("name", NETS)
def test_conv_bias_and_batchnorm_reach_every_layer(name):
    cfg = NETS[name]
    with torch.device("meta"):
        model = build_model(cfg)
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert convs and all((m.bias is not None) == cfg.conv_bias for m in convs)
    assert (len(bns) > 0) == cfg.batchnorm
    spec_bns = [op for op in _ops(build_spec(cfg)) if op.kind is OpKind.BN]
    assert len(spec_bns) == len(bns)


def test_stem_channels_of_its_own():
    from resnet_explorer import ConfigError, NetConfig, analyze

    cfg = NetConfig(stem="cifar", stages=(1, 1, 1), stem_channels=24, input_size=(32, 32), num_classes=10)
    assert cfg.stem_out_channels == 24 and cfg.widths == (16, 32, 64)
    first = build_spec(cfg).blocks[0]
    assert (first.in_ch, first.out_ch, first.shortcut[0].kind) == (24, 16, "conv")  # a projection (B)
    # hand count: conv1 3*3*3*24 + BN 48; layer1.0: 9*24*16 + 9*16*16 + 24*16 + BNs 3*32 ...
    layer1 = 9 * 24 * 16 + 9 * 16 * 16 + 24 * 16 + 3 * 32
    assert sum(r.params for r in analyze(cfg).rows if r.name.startswith("layer1.")) == layer1
    with pytest.raises(ConfigError, match="^shortcut=A"):
        cfg.replace(shortcut="A")  # zero-padding cannot take 24 channels down to 16
    with pytest.raises(ConfigError, match="^stem_channels=9000 .*from 0 to 8192"):
        NetConfig(stem_channels=9000)
