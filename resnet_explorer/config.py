"""One frozen, validated description of a ResNet: everything else is derived from it.

The option names follow the papers:
- He et al. 2015, "Deep Residual Learning for Image Recognition" (arXiv:1512.03385):
  shortcut options A/B/C (section 3.3), bottleneck blocks (Fig. 5), CIFAR nets (section 4.2).
- He et al. 2016, "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027):
  pre-activation blocks.
- Xie et al. 2017 (ResNeXt): groups and width per group; Zagoruyko & Komodakis 2016 (Wide ResNet):
  the width multiplier.

Every option, with its bounds, is one row of `NET_OPTIONS`; cross-option rules are in `validate`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum, StrEnum

from . import fields
from .fields import ConfigError, Kind, Option

__all__ = ["Block", "ConfigError", "NET_OPTIONS", "NetConfig", "Shortcut", "Stem", "StrideAt", "Transition",
           "validate"]


class Stem(StrEnum):
    IMAGENET = "imagenet"  # 7x7/2 conv, BN, ReLU, 3x3/2 max-pool (paper Table 1)
    CIFAR = "cifar"  # 3x3/1 conv, BN, ReLU, no pool (paper section 4.2)


class Block(StrEnum):
    BASIC = "basic"  # two 3x3 convs
    BOTTLENECK = "bottleneck"  # 1x1 -> 3x3 -> 1x1, output = 4 x width (paper Fig. 5)

    @property
    def expansion(self) -> int:
        return 4 if self is Block.BOTTLENECK else 1


class Shortcut(StrEnum):
    A = "A"  # identity; zero-padding (and subsampling) where the shape changes
    B = "B"  # projection (1x1 conv + BN) only where the shape changes
    C = "C"  # projection in every block
    NONE = "none"  # the plain twin: the same net without shortcuts


class StrideAt(StrEnum):
    V1 = "v1"  # stride 2 on the bottleneck's first 1x1 conv: the paper's figures, its released models
    V1_5 = "v1.5"  # torchvision: stride 2 on the 3x3 conv


class Transition(StrEnum):
    BLOCK = "block"  # the paper: a stage opens with a residual block that strides (and widens)
    CONV = "conv"  # a teaching article's ResNet20: a plain conv-BN-ReLU with stride 2, then the blocks


# Blocks a net may have (the stages' sum), checked before anything is built; its layer rows and
# counts are then checked exactly on the analysis (limits.check: at most 6,000 rows, counts below
# 2^53). ResNet-1202 has 600 blocks and 4,805 rows. A block has 4 to 12 rows, so no cap alone could
# admit ResNet-1202 and keep every net within 6,000 rows; this one keeps the analysis of any net it
# admits within 750 x 12 + 8 = 9,008 rows, and a net over it with 8 rows a block or more (ResNet-1202's
# blocks have 8) would be over 6,000 rows anyway.
MAX_BLOCKS = 750

# Bounds keep every derived number meaningful; they are generous (ResNet-1202 has 200 blocks a
# stage). The sidebar, the CLI and the URL parser all read them from here; the words that explain an
# option (`--help`, the app's tooltips) are the i18n strings `<key>_help` and, for an enum, one
# `<key>_<value>` per value (fields.help_text).
NET_OPTIONS: tuple[Option, ...] = (
    Option("input_size", "input_size", Kind.SIZE, lo=1, hi=4096),
    Option("stem", "stem", Kind.ENUM, enum=Stem),
    Option("block", "block", Kind.ENUM, enum=Block),
    Option("stages", "stages", Kind.INTS, lo=1, hi=500, count=(1, 6)),
    Option("widths", "widths", Kind.INTS, lo=1, hi=8192, count=(1, 6)),
    Option("shortcut", "shortcut", Kind.ENUM, enum=Shortcut),
    Option("stride_at", "stride_at", Kind.ENUM, enum=StrideAt),
    Option("preact", "preact", Kind.BOOL),
    Option("bn", "batchnorm", Kind.BOOL),
    Option("zero_init", "zero_init_residual", Kind.BOOL),
    Option("groups", "groups", Kind.INT, lo=1, hi=1024),
    Option("width_per_group", "width_per_group", Kind.INT, lo=1, hi=4096),
    Option("width_multiplier", "width_multiplier", Kind.INT, lo=1, hi=64),
    Option("in_channels", "in_channels", Kind.INT, lo=1, hi=64),
    Option("classes", "num_classes", Kind.INT, lo=1, hi=100_000),
    Option("bias", "conv_bias", Kind.BOOL),
    Option("transition", "transition", Kind.ENUM, enum=Transition),
    # Called stem_width until the key was made to name its field; old links and flags still work.
    Option("stem_channels", "stem_channels", Kind.INT, lo=0, hi=8192, aliases=("stem_width",)),
)


@dataclass(frozen=True)
class NetConfig:
    stem: Stem = Stem.IMAGENET
    block: Block = Block.BASIC
    stages: tuple[int, ...] = (2, 2, 2, 2)
    # Stage widths ("planes" in torchvision); empty means derived: the stem's base width (64 for
    # the ImageNet stem, 16 for the CIFAR one) doubled at each stage. The stem has widths[0] channels.
    widths: tuple[int, ...] = ()
    shortcut: Shortcut = Shortcut.B
    stride_at: StrideAt = StrideAt.V1_5
    preact: bool = False
    batchnorm: bool = True
    groups: int = 1
    width_per_group: int = 64
    # Wide ResNet's k: multiplies each block's inner width. torchvision's wide_resnet50_2 (its
    # width_per_group=128) is k=2 here.
    width_multiplier: int = 1
    in_channels: int = 3
    input_size: tuple[int, int] = (224, 224)
    num_classes: int = 1000
    zero_init_residual: bool = False
    conv_bias: bool = False
    transition: Transition = Transition.BLOCK
    # The stem's channels; 0 means the first stage's width (torchvision, the paper's CIFAR nets).
    stem_channels: int = 0

    def __post_init__(self) -> None:
        table = NET_OPTIONS
        widths = fields.by_field(table)["widths"]
        if self.widths == () or self.widths == []:  # derived: checked after the stages
            fields.check_fields(self, [o for o in table if o is not widths])
            object.__setattr__(self, "widths", self.derived_widths())
        else:
            fields.check_fields(self, table)
        validate(self)

    def derived_widths(self) -> tuple[int, ...]:
        """The default widths for this stem and number of stages (64/128/256/512 on ImageNet)."""
        base = 64 if self.stem is Stem.IMAGENET else 16
        return tuple(base * 2**i for i in range(len(self.stages)))

    def replace(self, **changes: object) -> NetConfig:
        """A copy with some fields changed. Changing the stages or the stem without giving widths
        re-derives the widths, as a new config with those stages would have them."""
        if ("stages" in changes or "stem" in changes) and "widths" not in changes:
            changes["widths"] = ()
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        """Plain values (enums as their strings), for JSON and CSV exports."""
        return {f.name: getattr(self, f.name).value if isinstance(getattr(self, f.name), Enum)
                else getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def stem_out_channels(self) -> int:
        """The channels the stem outputs: `stem_channels`, or the first stage's width where it is 0."""
        return self.stem_channels or self.widths[0]

    def inner_width(self, stage: int) -> int:
        """Channels inside a block of `stage` (the 3x3 conv of a bottleneck, torchvision's `width`)."""
        planes = self.widths[stage]
        if self.block is Block.BASIC:
            return planes * self.width_multiplier
        return int(planes * (self.width_per_group / 64.0)) * self.groups * self.width_multiplier

    def out_width(self, stage: int) -> int:
        """Channels a block of `stage` outputs. Wide ResNet's k widens both convs of a basic block
        (Zagoruyko & Komodakis 2016, Table 1: 16k, 32k, 64k); a bottleneck's output stays 4 x width
        (torchvision's wide_resnet50_2)."""
        if self.block is Block.BASIC:
            return self.widths[stage] * self.width_multiplier
        return self.widths[stage] * self.block.expansion


def validate(cfg: NetConfig) -> None:
    """Raise ConfigError for the first combination of values that is not allowed (each value on its
    own was checked against NET_OPTIONS)."""
    if len(cfg.widths) != len(cfg.stages):
        raise ConfigError("widths", cfg.widths, "rule_one_width_per_stage", n=len(cfg.stages))
    if cfg.block is Block.BASIC and (cfg.groups != 1 or cfg.width_per_group != 64):
        field, value = ("groups", cfg.groups) if cfg.groups != 1 else ("width_per_group", cfg.width_per_group)
        raise ConfigError(field, value, "rule_basic_groups")
    for stage in range(len(cfg.stages)):
        if cfg.inner_width(stage) < 1:
            raise ConfigError("width_per_group", cfg.width_per_group, "rule_no_inner_channels",
                              stage=stage + 1)
    if cfg.shortcut is Shortcut.A:
        channels = cfg.stem_out_channels
        for stage in range(len(cfg.stages)):
            if cfg.out_width(stage) < channels:
                raise ConfigError("shortcut", "A", "rule_zero_pad_narrows")
            channels = cfg.out_width(stage)
    if sum(cfg.stages) > MAX_BLOCKS:  # the rows and counts are checked exactly after the analysis
        raise ConfigError("stages", cfg.stages, "rule_max_blocks", n=f"{sum(cfg.stages):,}",
                          max=f"{MAX_BLOCKS:,}")
