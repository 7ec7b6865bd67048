"""Named networks as a data table: each is a NetConfig plus where it comes from.

ImageNet nets are exactly torchvision's definitions (stride on the 3x3, "v1.5"; option B). CIFAR nets
follow He et al. 2015, section 4.2 (6n+2 layers, widths 16/32/64, option A). The pre-activation nets
follow their reference code: ResNet-110 as fb.resnet.torch's preresnet.lua on CIFAR (option A),
ResNet-164 as KaimingHe/resnet-1k-layers (resnet-pre-act.lua: stride on the first 1x1, projections
where the shape changes, bare on the pre-activated input); both end in BN-ReLU before pooling. Wide
ResNets follow Zagoruyko & Komodakis 2016 and their code (pre-activation, widths 16k/32k/64k, 1x1
projections; dropout is not part of the architecture counted here). The teaching articles' nets are
built as their Keras code is: every Conv2D with a bias. `published_*` hold the figures each source
prints (for the articles, which print none, what Keras' model.summary() reports for their code),
shown beside ours; tests keep their own copy of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Block, ConfigError, NetConfig, Shortcut, Stem, StrideAt, Transition


@dataclass(frozen=True)
class Preset:
    config: NetConfig
    source: str
    published_params: int | float | None = None  # exact count, or millions as printed
    published_gmacs: float | None = None  # torchvision's "GFLOPS", which are multiply-adds
    # He et al. 2015, Table 1: "FLOPs" (multiply-adds) x 10^9 of the paper's own ImageNet nets
    paper_gmacs: float | None = None
    # the i18n key of why the printed figure differs from ours (versus.published_checks fills it in)
    cause: str = ""
    # the i18n key of the sentence that gives an exact count: the source publishes it, or (the
    # teaching articles, which print none) Keras' model.summary() reports it for the source's code
    published_key: str = "published_exact"


_IMAGENET = NetConfig(stem=Stem.IMAGENET, shortcut=Shortcut.B, stride_at=StrideAt.V1_5)
_CIFAR = NetConfig(stem=Stem.CIFAR, block=Block.BASIC, stages=(3, 3, 3), shortcut=Shortcut.A,
                   input_size=(32, 32), num_classes=10)
_BASIC, _BOTTLENECK = Block.BASIC, Block.BOTTLENECK
_TV = "torchvision.models"
_PAPER = "He et al. 2015, Table 6"
_ROUNDING = "cause_rounding"
_PREACT = "He et al. 2016 (Identity Mappings), Table 4"  # its params; the errors are in its Table 3
_WRN = "Zagoruyko & Komodakis 2016 (Wide ResNet), Table 4"
_ARTICLE = "teaching article (Keras code)"


def _imagenet(block: Block, stages: tuple[int, ...], **kw: object) -> NetConfig:
    return _IMAGENET.replace(block=block, stages=stages, **kw)


def _cifar(n: int, **kw: object) -> NetConfig:
    return _CIFAR.replace(stages=(n, n, n), **kw)


def _wrn(depth: int, k: int) -> NetConfig:
    """WRN-depth-k: (depth - 4) / 6 pre-activation basic blocks a stage, both convs k times wider."""
    return _cifar((depth - 4) // 6, preact=True, shortcut=Shortcut.B, width_multiplier=k)


PRESETS: dict[str, Preset] = {
    "resnet18": Preset(_imagenet(_BASIC, (2, 2, 2, 2)), _TV, 11_689_512, 1.814,
                       paper_gmacs=1.8, cause="cause_projections"),
    "resnet34": Preset(_imagenet(_BASIC, (3, 4, 6, 3)), _TV, 21_797_672, 3.664,
                       paper_gmacs=3.6, cause="cause_projections"),
    "resnet50": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3)), _TV, 25_557_032, 4.089,
                       paper_gmacs=3.8, cause="cause_v1_5"),
    "resnet101": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3)), _TV, 44_549_160, 7.801,
                       paper_gmacs=7.6, cause="cause_v1_5"),
    "resnet152": Preset(_imagenet(_BOTTLENECK, (3, 8, 36, 3)), _TV, 60_192_808, 11.514,
                       paper_gmacs=11.3, cause="cause_v1_5"),
    "resnext50_32x4d": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3), groups=32, width_per_group=4),
                              _TV, 25_028_904, 4.23),
    "resnext101_32x8d": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3), groups=32, width_per_group=8),
                               _TV, 88_791_336, 16.414),
    "wide_resnet50_2": Preset(_imagenet(_BOTTLENECK, (3, 4, 6, 3), width_multiplier=2),
                              _TV, 68_883_240, 11.398),
    "wide_resnet101_2": Preset(_imagenet(_BOTTLENECK, (3, 4, 23, 3), width_multiplier=2),
                               _TV, 126_886_696, 22.753),
    "resnet20": Preset(_cifar(3), _PAPER, 0.27, cause=_ROUNDING),
    "resnet32": Preset(_cifar(5), _PAPER, 0.46, cause=_ROUNDING),
    "resnet44": Preset(_cifar(7), _PAPER, 0.66, cause=_ROUNDING),
    "resnet56": Preset(_cifar(9), _PAPER, 0.85, cause=_ROUNDING),
    "resnet110": Preset(_cifar(18), _PAPER, 1.7, cause=_ROUNDING),
    "resnet1202": Preset(_cifar(200), _PAPER, 19.4, cause=_ROUNDING),
    "plain18": Preset(_imagenet(_BASIC, (2, 2, 2, 2), shortcut=Shortcut.NONE), "He et al. 2015, Table 2"),
    "plain34": Preset(_imagenet(_BASIC, (3, 4, 6, 3), shortcut=Shortcut.NONE), "He et al. 2015, Table 2"),
    "plain20": Preset(_cifar(3, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain32": Preset(_cifar(5, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain44": Preset(_cifar(7, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain56": Preset(_cifar(9, shortcut=Shortcut.NONE), "He et al. 2015, Fig. 6"),
    "plain110": Preset(_cifar(18, shortcut=Shortcut.NONE), "He et al. 2015, section 4.2"),
    "preact_resnet110": Preset(_cifar(18, preact=True), _PREACT, 1.7, cause=_ROUNDING),
    "preact_resnet164": Preset(_cifar(18, preact=True, shortcut=Shortcut.B, block=_BOTTLENECK,
                                      stride_at=StrideAt.V1), _PREACT, 1.7, cause=_ROUNDING),
    "wrn_16_8": Preset(_wrn(16, 8), _WRN, 11.0, cause=_ROUNDING),
    "wrn_28_10": Preset(_wrn(28, 10), _WRN, 36.5, cause=_ROUNDING),
    "wrn_40_4": Preset(_wrn(40, 4), _WRN, 8.9, cause=_ROUNDING),
    # The teaching articles' own nets, with Keras' default biases. "Simplified ResNet": an
    # 18-layer-like ImageNet net, three basic blocks a stage, 1x1 projections where it downsamples.
    # The articles print no count: for their code Keras' model.summary() reports 17,966,952 and
    # 316,778 trainable params (its "Total params" adds the BN moving statistics, 13,440 here).
    "simplified_resnet": Preset(_imagenet(_BASIC, (3, 3, 3, 3), conv_bias=True), _ARTICLE, 17_966_952,
                                published_key="published_keras"),
    # The article's "ResNet20": a conv-BN-ReLU with stride 2 opens stages 2 and 3, then three identity
    # blocks a stage: 22 weighted layers, not the paper's ResNet-20.
    "article_resnet20": Preset(_cifar(3, conv_bias=True, transition=Transition.CONV), _ARTICLE, 316_778,
                               published_key="published_keras"),
}

DEFAULT_PRESET = "resnet18"


def preset(name: str) -> NetConfig:
    """The NetConfig of a named network, e.g. preset("resnet50")."""
    try:
        return PRESETS[name].config
    except KeyError:
        raise ConfigError("preset", name, "rule_choice", choices=", ".join(PRESETS)) from None


def name_of(config: NetConfig) -> str | None:
    """The name of the preset whose config this is, or None for a network of one's own."""
    return next((name for name, p in PRESETS.items() if p.config == config), None)
