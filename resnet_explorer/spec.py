"""Pure: NetConfig -> NetSpec, the op-by-op description that the model, the layer table and the
diagrams are all built from (so they cannot disagree).

Op names are the module names of the built model and match torchvision's state_dict keys
(`layer1.0.conv1`, `layer1.0.downsample.0`, ...). Each ReLU gets a module of its own (`relu1`,
`relu2`, ...) so every row of the table names one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .config import Block, NetConfig, Shortcut, Stem, StrideAt, Transition


class OpKind(StrEnum):
    CONV = "conv"
    BN = "bn"
    RELU = "relu"
    MAXPOOL = "maxpool"
    AVGPOOL = "avgpool"
    FC = "fc"
    IDENTITY = "identity"  # shortcut: x as it is
    ZERO_PAD = "zero_pad"  # shortcut option A: subsample, then pad channels with zeros
    ADD = "add"  # the residual addition


class ShortcutKind(StrEnum):
    IDENTITY = "identity"
    ZERO_PAD = "zero_pad"
    PROJECTION = "projection"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Op:
    name: str  # full module name, e.g. "layer2.0.conv1"
    kind: OpKind
    in_ch: int
    out_ch: int
    kernel: int = 1
    stride: int = 1
    padding: int = 0
    groups: int = 1
    bias: bool = False  # a conv with a bias (Keras' default); the fc always has one

    @property
    def weights(self) -> int:
        """Weights without the bias: k×k×(in/groups)×out for a conv, in×out for the fc, 0 otherwise."""
        if self.kind is OpKind.CONV:
            return self.kernel * self.kernel * (self.in_ch // self.groups) * self.out_ch
        if self.kind is OpKind.FC:
            return self.in_ch * self.out_ch
        return 0


@dataclass(frozen=True)
class BlockSpec:
    name: str  # "layer2.0"
    stage: int  # 0-based
    index: int  # 0-based within the stage
    block: Block
    in_ch: int
    inner_ch: int
    out_ch: int
    stride: int
    shortcut_kind: ShortcutKind
    pre: tuple[Op, ...]  # pre-activation shared by both paths (first block of a pre-act stage)
    branch: tuple[Op, ...]  # the residual function F(x)
    shortcut: tuple[Op, ...]  # empty in a plain block
    post: tuple[Op, ...]  # after the addition: the ReLU of the original (post-activation) design

    @property
    def is_residual(self) -> bool:
        return self.shortcut_kind is not ShortcutKind.NONE

    @property
    def downsamples(self) -> bool:
        return self.stride != 1 or self.in_ch != self.out_ch


@dataclass(frozen=True)
class StageSpec:
    name: str  # torchvision's "layer1"
    paper_name: str  # the paper's Table 1: "conv2_x"
    blocks: tuple[BlockSpec, ...]


@dataclass(frozen=True)
class NetSpec:
    config: NetConfig
    stem: tuple[Op, ...]
    stages: tuple[StageSpec, ...]
    head: tuple[Op, ...]  # [final BN-ReLU of a pre-act net,] global average pool, fc

    @property
    def blocks(self) -> tuple[BlockSpec, ...]:
        return tuple(b for s in self.stages for b in s.blocks)

    @property
    def depth(self) -> int:
        """Weighted layers along the main path, as in the names ResNet-18 ... ResNet-1202: the stem
        conv, every conv of the blocks' branches (transition layers included), the fc."""
        convs = sum(op.kind is OpKind.CONV for b in self.blocks for op in b.branch)
        return sum(op.kind is OpKind.CONV for op in self.stem) + convs + 1


def _conv(cfg: NetConfig, name: str, in_ch: int, out_ch: int, kernel: int, stride: int = 1,
          padding: int = 0, groups: int = 1) -> Op:
    """A conv, with a bias where the config gives every conv one (the one place `conv_bias` is read)."""
    return Op(name, OpKind.CONV, in_ch, out_ch, kernel, stride, padding, groups, cfg.conv_bias)


def _bn(cfg: NetConfig, name: str, channels: int) -> list[Op]:
    """A BatchNorm, or nothing in a net without (the one place `batchnorm` is read)."""
    return [Op(name, OpKind.BN, channels, channels)] if cfg.batchnorm else []


def _relu(name: str, channels: int) -> Op:
    return Op(name, OpKind.RELU, channels, channels)


def _stem(cfg: NetConfig) -> tuple[Op, ...]:
    c = cfg.stem_out_channels
    if cfg.stem is Stem.IMAGENET:
        ops = [_conv(cfg, "conv1", cfg.in_channels, c, 7, 2, 3)]
    else:
        ops = [_conv(cfg, "conv1", cfg.in_channels, c, 3, 1, 1)]
    # A pre-activation CIFAR net starts with a bare conv: the first block's BN-ReLU follows it.
    if not (cfg.preact and cfg.stem is Stem.CIFAR):
        ops += [*_bn(cfg, "bn1", c), _relu("relu", c)]
    if cfg.stem is Stem.IMAGENET:
        ops.append(Op("maxpool", OpKind.MAXPOOL, c, c, 3, 2, 1))
    return tuple(ops)


def _main_convs(cfg: NetConfig, in_ch: int, inner: int, out: int, stride: int) -> list[tuple]:
    """(kernel, in, out, stride, padding, groups) of each conv on the main path."""
    if cfg.block is Block.BASIC:
        return [(3, in_ch, inner, stride, 1, 1), (3, inner, out, 1, 1, 1)]
    s1, s3 = (stride, 1) if cfg.stride_at is StrideAt.V1 else (1, stride)
    return [(1, in_ch, inner, s1, 0, 1), (3, inner, inner, s3, 1, cfg.groups), (1, inner, out, 1, 0, 1)]


def _shortcut(cfg: NetConfig, name: str, in_ch: int, out_ch: int,
              stride: int) -> tuple[ShortcutKind, tuple[Op, ...]]:
    changes = stride != 1 or in_ch != out_ch
    if cfg.shortcut is Shortcut.NONE:
        return ShortcutKind.NONE, ()
    if cfg.shortcut is Shortcut.C or (cfg.shortcut is Shortcut.B and changes):
        ops = [_conv(cfg, f"{name}.downsample.0", in_ch, out_ch, 1, stride)]
        # Pre-activation projections are a bare 1x1 conv on the pre-activated input (preresnet.lua).
        if not cfg.preact:
            ops += _bn(cfg, f"{name}.downsample.1", out_ch)
        return ShortcutKind.PROJECTION, tuple(ops)
    if changes:  # option A
        return ShortcutKind.ZERO_PAD, (Op(f"{name}.shortcut", OpKind.ZERO_PAD, in_ch, out_ch, 1, stride),)
    return ShortcutKind.IDENTITY, (Op(f"{name}.shortcut", OpKind.IDENTITY, in_ch, out_ch),)


def _block(cfg: NetConfig, stage: int, index: int, in_ch: int, stride: int) -> BlockSpec:
    name = f"layer{stage + 1}.{index}"
    inner, out = cfg.inner_width(stage), cfg.out_width(stage)
    convs = _main_convs(cfg, in_ch, inner, out, stride)
    pre: list[Op] = []
    branch: list[Op] = []
    post: list[Op] = []
    if cfg.preact:
        # preresnet.lua: a stage's first block pre-activates before the split ("both_preact"), except
        # right after an ImageNet stem, which already ends in BN-ReLU ("no_preact").
        first = index == 0
        skip_first = first and stage == 0 and cfg.stem is Stem.IMAGENET
        for i, (k, ci, co, s, p, g) in enumerate(convs, start=1):
            if not (i == 1 and skip_first):
                act = [*_bn(cfg, f"{name}.bn{i}", ci), _relu(f"{name}.relu{i}", ci)]
                (pre if i == 1 and first else branch).extend(act)
            branch.append(_conv(cfg, f"{name}.conv{i}", ci, co, k, s, p, g))
    else:
        for i, (k, ci, co, s, p, g) in enumerate(convs, start=1):
            branch += [_conv(cfg, f"{name}.conv{i}", ci, co, k, s, p, g), *_bn(cfg, f"{name}.bn{i}", co)]
            if i < len(convs):
                branch.append(_relu(f"{name}.relu{i}", co))
        post.append(_relu(f"{name}.relu{len(convs)}", out))
    kind, shortcut = _shortcut(cfg, name, in_ch, out, stride)
    return BlockSpec(name, stage, index, cfg.block, in_ch, inner, out, stride, kind,
                     tuple(pre), tuple(branch), shortcut, tuple(post))


def _transition(cfg: NetConfig, stage: int, in_ch: int) -> BlockSpec:
    """A plain conv-BN-ReLU with stride 2 that opens a stage (the "ResNet20" teaching article's
    `conv_block(x, filters, 3, strides=2)`): a block without a shortcut, so the model, the table
    and the diagrams need nothing new, and it counts as a weighted layer."""
    name, out = f"layer{stage + 1}.0", cfg.out_width(stage)
    ops = [_conv(cfg, f"{name}.conv1", in_ch, out, 3, 2, 1), *_bn(cfg, f"{name}.bn1", out),
           _relu(f"{name}.relu1", out)]
    return BlockSpec(name, stage, 0, cfg.block, in_ch, out, out, 2, ShortcutKind.NONE, (), tuple(ops), (), ())


def build_spec(cfg: NetConfig) -> NetSpec:
    """The whole network, op by op."""
    stages = []
    channels = cfg.stem_out_channels
    for s, n in enumerate(cfg.stages):
        blocks = []
        opening = s > 0 and cfg.transition is Transition.CONV
        if opening:
            blocks.append(_transition(cfg, s, channels))
            channels = blocks[-1].out_ch
        for i in range(opening, n + opening):
            stride = 2 if (i == 0 and s > 0) else 1
            blocks.append(_block(cfg, s, i, channels, stride))
            channels = blocks[-1].out_ch
        stages.append(StageSpec(f"layer{s + 1}", f"conv{s + 2}_x", tuple(blocks)))
    head: list[Op] = []
    if cfg.preact:
        head += [*_bn(cfg, "final_bn", channels), _relu("final_relu", channels)]
    head.append(Op("avgpool", OpKind.AVGPOOL, channels, channels))
    head.append(Op("fc", OpKind.FC, channels, cfg.num_classes))
    return NetSpec(cfg, _stem(cfg), tuple(stages), tuple(head))
