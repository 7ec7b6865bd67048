"""Named networks as a data table: each is a NetConfig plus where it comes from.

ImageNet nets are exactly torchvision's definitions (stride on the 3x3, "v1.5"; option B). CIFAR nets
follow He et al. 2015, section 4.2 (6n+2 layers, widths 16/32/64, option A). The pre-activation nets
follow He et al. 2016 and its reference code (fb.resnet.torch, preresnet.lua: option B, a bare 1x1
projection on the pre-activated input, a final BN-ReLU before pooling). `published` holds the
figures each source prints, shown beside ours; tests keep their own copy of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Block, ConfigError, NetConfig, Shortcut, Stem, StrideAt


@dataclass(frozen=True)
class Preset:
    config: NetConfig
    source: str
    published_params: int | float | None = None  # exact count, or millions as printed
    published_gmacs: float | None = None  # torchvision's "GFLOPS", which are multiply-adds


_IMAGENET = NetConfig(stem=Stem.IMAGENET, shortcut=Shortcut.B, stride_at=StrideAt.V1_5)
_CIFAR = NetConfig(stem=Stem.CIFAR, block=Block.BASIC, stages=(3, 3, 3), shortcut=Shortcut.A,
                   input_size=(32, 32), num_classes=10)
_BASIC, _BOTTLENECK = Block.BASIC, Block.BOTTLENECK
_TV = "torchvision.models"
_PAPER = "He et al. 2015, Table 6"
_PREACT = "He et al. 2016 (Identity Mappings), Table 3"


def _imagenet(block: Block, stages: tuple[int, ...], **kw: object) -> NetConfig:
    return _IMAGENET.replace(block=block, stages=stages, **kw)


def _cifar(n: int, **kw: object) -> NetConfig:
    return _CIFAR.replace(stages=(n, n, n), **kw)


PRESETS: dict[str, Preset] = {
    "resnet18": Preset(_imagenet(_BASIC, (2, 2, 2, 2)), _TV, 11_689_512, 1.814),
    "resnet34": Preset(_imagenet(_BASIC, (3, 4, 6, 3)), _TV, 21_797_672, 3.664),
    "resnet50": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3)), _TV, 25_557_032, 4.089),
    "resnet101": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3)), _TV, 44_549_160, 7.801),
    "resnet152": Preset(_imagenet(_BOTTLENECK, (3, 8, 36, 3)), _TV, 60_192_808, 11.514),
    "resnext50_32x4d": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3), groups=32, width_per_group=4),
                              _TV, 25_028_904, 4.23),
    "resnext101_32x8d": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3), groups=32, width_per_group=8),
                               _TV, 88_791_336, 16.414),
    "wide_resnet50_2": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3), width_multiplier=2),
                              _TV, 68_883_240, 11.398),
    "wide_resnet101_2": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3), width_multiplier=2),
                               _TV, 126_886_696, 22.753),
    "resnet20": Preset(_cifar(3), _PAPER, 0.27),
    "resnet32": Preset(_cifar(5), _PAPER, 0.46),
    "resnet44": Preset(_cifar(7), _PAPER, 0.66),
    "resnet56": Preset(_cifar(9), _PAPER, 0.85),
    "resnet110": Preset(_cifar(18), _PAPER, 1.7),
    "resnet1202": Preset(_cifar(200), _PAPER, 19.4),
    "plain18": Preset(_imagenet(_BASIC, (2, 2, 2, 2), shortcut=Shortcut.NONE), "He et al. 2015, Table 2"),
    "plain34": Preset(_imagenet(_BASIC, (3, 4, 6, 3), shortcut=Shortcut.NONE), "He et al. 2015, Table 2"),
    "plain20": Preset(_cifar(3, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain32": Preset(_cifar(5, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain44": Preset(_cifar(7, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain56": Preset(_cifar(9, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain110": Preset(_cifar(18, shortcut=Shortcut.NONE), "He et al. 2015, section 4.2"),
    "preact_resnet110": Preset(_cifar(18, preact=True, shortcut=Shortcut.B), _PREACT, 1.7),
    "preact_resnet164": Preset(_cifar(18, preact=True, shortcut=Shortcut.B, block=_BOTTLENECK),
                               _PREACT, 1.7),
    # The network of the teaching material this project starts from: an 18-layer-like ImageNet net
    # with three basic blocks a stage and 1x1 projections where it downsamples.
    "simplified_resnet": Preset(_imagenet(_BASIC, (3, 3, 3, 3)), "teaching material"),
}

DEFAULT_PRESET = "resnet18"


def preset(name: str) -> NetConfig:
    """The NetConfig of a named network, e.g. preset("resnet50")."""
    try:
        return PRESETS[name].config
    except KeyError:
        raise ConfigError("preset", name, "choose one of " + ", ".join(PRESETS)) from None
