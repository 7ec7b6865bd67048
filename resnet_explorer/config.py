"""One frozen, validated description of a ResNet: everything else is derived from it.

The option names follow the papers:
- He et al. 2015, "Deep Residual Learning for Image Recognition" (arXiv:1512.03385):
  shortcut options A/B/C (section 3.3), bottleneck blocks (Fig. 5), CIFAR nets (section 4.2).
- He et al. 2016, "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027):
  pre-activation blocks.
- Xie et al. 2017 (ResNeXt): groups and width per group; Zagoruyko & Komodakis 2016 (Wide ResNet):
  the width multiplier.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum, StrEnum


class ConfigError(ValueError):
    """A configuration value that is not allowed; the message names field, value and the rule."""

    def __init__(self, field: str, value: object, allowed: str):
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{field}={_show(value)} is not allowed: {allowed}")


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


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
    V1 = "v1"  # the paper: stride 2 on the bottleneck's first 1x1 conv
    V1_5 = "v1.5"  # torchvision: stride 2 on the 3x3 conv


# Bounds keep every derived number meaningful; they are generous (ResNet-1202 has 200 blocks a stage).
LIMITS = {
    "stages": (1, 6),
    "blocks": (1, 500),
    "width": (1, 8192),
    "groups": (1, 1024),
    "width_per_group": (1, 4096),
    "width_multiplier": (1, 64),
    "in_channels": (1, 64),
    "input_size": (1, 4096),
    "num_classes": (1, 100_000),
}


@dataclass(frozen=True)
class NetConfig:
    stem: Stem = Stem.IMAGENET
    block: Block = Block.BASIC
    stages: tuple[int, ...] = (2, 2, 2, 2)
    # Stage widths ("planes" in torchvision); empty means the stem width doubled at each stage:
    # 64/128/256/512 for the ImageNet stem, 16/32/64 for the CIFAR one. The stem has widths[0] channels.
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

    def __post_init__(self) -> None:
        _coerce(self)
        if not self.widths:
            base = 64 if self.stem is Stem.IMAGENET else 16
            object.__setattr__(self, "widths", tuple(base * 2**i for i in range(len(self.stages))))
        validate(self)

    def replace(self, **changes: object) -> NetConfig:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        """Plain values (enums as their strings), for JSON and CSV exports."""
        return {f.name: getattr(self, f.name).value if isinstance(getattr(self, f.name), Enum)
                else getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def stem_width(self) -> int:
        return self.widths[0]

    def inner_width(self, stage: int) -> int:
        """Channels inside a block of `stage` (the 3x3 conv of a bottleneck, torchvision's `width`)."""
        planes = self.widths[stage]
        if self.block is Block.BASIC:
            return planes * self.width_multiplier
        return int(planes * (self.width_per_group / 64.0)) * self.groups * self.width_multiplier

    def out_width(self, stage: int) -> int:
        return self.widths[stage] * self.block.expansion


ENUM_FIELDS = {"stem": Stem, "block": Block, "shortcut": Shortcut, "stride_at": StrideAt}
BOOL_FIELDS = ("preact", "batchnorm", "zero_init_residual")
INT_FIELDS = ("groups", "width_per_group", "width_multiplier", "in_channels", "num_classes")


def _coerce(cfg: NetConfig) -> None:
    """Accept plain strings and lists (from the CLI, a URL or a notebook) for typed fields."""
    for name, enum in ENUM_FIELDS.items():
        value = getattr(cfg, name)
        if not isinstance(value, enum):
            try:
                object.__setattr__(cfg, name, enum(value))
            except ValueError:
                allowed = " | ".join(e.value for e in enum)
                raise ConfigError(name, value, f"choose one of {allowed}") from None
    for name in ("stages", "widths", "input_size"):
        value = getattr(cfg, name)
        if not isinstance(value, tuple):
            object.__setattr__(cfg, name, tuple(value))
    for name in BOOL_FIELDS:
        if not isinstance(getattr(cfg, name), bool):
            raise ConfigError(name, getattr(cfg, name), "must be true or false")
    for name in INT_FIELDS:
        value = getattr(cfg, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(name, value, "must be a whole number")


def _check_range(field: str, value: object, limit_key: str | None = None) -> None:
    lo, hi = LIMITS[limit_key or field]
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ConfigError(field, value, f"must be a whole number from {lo} to {hi}")


def validate(cfg: NetConfig) -> None:
    """Raise ConfigError for the first value that is not allowed."""
    lo, hi = LIMITS["stages"]
    if not lo <= len(cfg.stages) <= hi:
        raise ConfigError("stages", cfg.stages, f"give {lo} to {hi} stages (blocks per stage)")
    for n in cfg.stages:
        _check_range("stages", n, "blocks")
    if len(cfg.widths) != len(cfg.stages):
        raise ConfigError("widths", cfg.widths, f"give one width per stage ({len(cfg.stages)})")
    for w in cfg.widths:
        _check_range("widths", w, "width")
    for name in ("groups", "width_per_group", "width_multiplier", "in_channels", "num_classes"):
        _check_range(name, getattr(cfg, name))
    if len(cfg.input_size) != 2:
        raise ConfigError("input_size", cfg.input_size, "give height and width, e.g. 224 or 32x48")
    for side in cfg.input_size:
        _check_range("input_size", side)
    if cfg.block is Block.BASIC and (cfg.groups != 1 or cfg.width_per_group != 64):
        field, value = ("groups", cfg.groups) if cfg.groups != 1 else ("width_per_group", cfg.width_per_group)
        raise ConfigError(field, value, "basic blocks take groups=1 and width_per_group=64 "
                          "(grouped widths are for bottleneck blocks, as in ResNeXt)")
    for stage in range(len(cfg.stages)):
        if cfg.inner_width(stage) < 1:
            raise ConfigError("width_per_group", cfg.width_per_group,
                              f"stage {stage + 1} would have no channels inside its blocks")
    if cfg.shortcut is Shortcut.A:
        channels = cfg.stem_width
        for stage in range(len(cfg.stages)):
            if cfg.out_width(stage) < channels:
                raise ConfigError("shortcut", "A", "zero-padding cannot remove channels: with "
                                  "option A each stage must be at least as wide as the one before")
            channels = cfg.out_width(stage)
