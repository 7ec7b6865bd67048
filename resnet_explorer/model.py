"""torch: NetSpec -> nn.Module. Every op of the spec becomes a module under the same name."""

from __future__ import annotations

from collections.abc import Collection

import torch
import torch.nn.functional as F
from torch import nn

from .config import NetConfig
from .spec import BlockSpec, NetSpec, Op, OpKind, ShortcutKind, build_spec


class ZeroPadShortcut(nn.Module):
    """Option A (He et al. 2015, section 3.3): identity, subsampled by the stride, with zero
    channels appended where the block widens; it has no parameters."""

    def __init__(self, in_ch: int, out_ch: int, stride: int):
        super().__init__()
        self.extra, self.stride = out_ch - in_ch, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        return F.pad(x, (0, 0, 0, 0, 0, self.extra)) if self.extra else x

    def extra_repr(self) -> str:
        return f"stride={self.stride}, zero_channels={self.extra}"


def make_module(op: Op) -> nn.Module:
    match op.kind:
        case OpKind.CONV:  # torchvision has no bias (BatchNorm follows); Keras' Conv2D has one
            return nn.Conv2d(op.in_ch, op.out_ch, op.kernel, op.stride, op.padding,
                             groups=op.groups, bias=op.bias)
        case OpKind.BN:
            return nn.BatchNorm2d(op.out_ch)
        case OpKind.RELU:  # not in place, so gradient hooks see every tensor
            return nn.ReLU()
        case OpKind.MAXPOOL:
            return nn.MaxPool2d(op.kernel, op.stride, op.padding)
        case OpKind.AVGPOOL:
            return nn.AdaptiveAvgPool2d(1)
        case OpKind.FC:
            return nn.Linear(op.in_ch, op.out_ch)
        case OpKind.IDENTITY:
            return nn.Identity()
        case OpKind.ZERO_PAD:
            return ZeroPadShortcut(op.in_ch, op.out_ch, op.stride)
    raise ValueError(f"no module for {op.kind}")


def _local(op: Op, prefix: str) -> str:
    return op.name[len(prefix) + 1:] if prefix else op.name


class ResidualBlock(nn.Module):
    """Any block of the spec: [pre-activation] -> branch F(x) (+ shortcut(x)) -> [post ReLU].

    Projections live in `downsample` (torchvision's name), identity and zero-pad shortcuts in
    `shortcut`; a plain block has neither.
    """

    def __init__(self, spec: BlockSpec):
        super().__init__()
        self.spec = spec
        self.pre_names = self._add(spec.pre, spec.name)
        self.branch_names = self._add(spec.branch, spec.name)
        self.post_names = self._add(spec.post, spec.name)
        self.deleted = False  # "shortcut only" (lesion study); a plain attribute, not state
        # Registered once, under torchvision's name, so the state_dict has no duplicate keys.
        self.shortcut_name: str | None = None
        if spec.shortcut_kind is ShortcutKind.PROJECTION:
            self.shortcut_name = "downsample"
            self.downsample = nn.Sequential(*(make_module(op) for op in spec.shortcut))
        elif spec.shortcut:
            self.shortcut_name = "shortcut"
            self.shortcut = make_module(spec.shortcut[0])

    @property
    def shortcut_path(self) -> nn.Module | None:
        """The shortcut's module (`downsample` or `shortcut`); None in a plain block."""
        return self._modules[self.shortcut_name] if self.shortcut_name else None

    def _add(self, ops: tuple[Op, ...], prefix: str) -> tuple[str, ...]:
        names = tuple(_local(op, prefix) for op in ops)
        for name, op in zip(names, ops):
            self.add_module(name, make_module(op))
        return names

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.deleted and self.shortcut_path is None:
            return x  # a plain block that keeps its shapes: deleting it passes its input on
        for name in self.pre_names:
            x = self._modules[name](x)
        if self.deleted:
            out = self.shortcut_path(x)
        else:
            out = x
            for name in self.branch_names:
                out = self._modules[name](out)
            if self.shortcut_path is not None:
                out = out + self.shortcut_path(x)
        for name in self.post_names:
            out = self._modules[name](out)
        return out


class ResNet(nn.Module):
    def __init__(self, spec: NetSpec):
        super().__init__()
        self.spec = spec
        self.stem_names = tuple(op.name for op in spec.stem)
        for op in spec.stem:
            self.add_module(op.name, make_module(op))
        for stage in spec.stages:
            self.add_module(stage.name, nn.Sequential(*(ResidualBlock(b) for b in stage.blocks)))
        self.stage_names = tuple(stage.name for stage in spec.stages)
        self.head_names = tuple(op.name for op in spec.head)
        for op in spec.head:
            self.add_module(op.name, make_module(op))

    def set_deleted(self, names: Collection[str]) -> None:
        """Run the named blocks "shortcut only" (Veit et al. 2016's lesion study): such a block
        outputs post(shortcut(pre(x))) instead of post(F(x) + shortcut(x)); a plain block that
        keeps its shapes outputs its input. `set_deleted(())` restores the whole net."""
        blocks = {b.name: b for b in self.spec.blocks}
        unknown = sorted(set(names) - blocks.keys())
        if unknown:
            raise ValueError(f"no block named {', '.join(unknown)} in this net "
                             f"(its blocks are named like {next(iter(blocks), 'layer1.0')})")
        for name in names:
            b = blocks[name]
            if not b.is_residual and b.downsamples:
                raise ValueError(f"block {name} has no shortcut and changes the shape "
                                 f"({b.in_ch}->{b.out_ch} channels, stride {b.stride}): "
                                 "it cannot be deleted")
        chosen = set(names)
        for stage in self.spec.stages:
            for b, module in zip(stage.blocks, self._modules[stage.name]):
                module.deleted = b.name in chosen

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for name in self.stem_names + self.stage_names + self.head_names[:-1]:
            x = self._modules[name](x)
        return self._modules[self.head_names[-1]](torch.flatten(x, 1))


def init_weights(model: ResNet) -> None:
    """torchvision's initialisation: Kaiming-normal convs (fan_out, ReLU; He et al. 2015b, "Delving
    Deep into Rectifiers"), BN gamma 1 and beta 0, PyTorch's default for the fc; then, with
    zero_init_residual, each residual branch starting at zero (`zero_branches`)."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    zero_branches(model)


def zero_branches(model: ResNet) -> None:
    """Set the weight of every layer zero_init_layers names to 0 (after any other initialisation)."""
    for name in zero_init_layers(model.spec):
        nn.init.zeros_(model.get_submodule(name).weight)


def zero_init_layers(spec: NetSpec) -> tuple[str, ...]:
    """The layers "zero-init" sets to 0 so that every residual block starts as its shortcut: the last
    BatchNorm of each residual branch (its gamma; Goyal et al. 2017), or without BatchNorm the
    branch's last conv (as SkipInit and Fixup start their branches). Plain blocks keep theirs: with no
    shortcut around it, a zeroed branch would pass no signal at all."""
    if not spec.config.zero_init_residual:
        return ()
    names = []
    for b in spec.blocks:
        bns = [op.name for op in b.branch if op.kind is OpKind.BN]
        convs = [op.name for op in b.branch if op.kind is OpKind.CONV]
        if b.is_residual:
            names.append(bns[-1] if bns else convs[-1])
    return tuple(names)


def build_model(config: NetConfig | NetSpec, seed: int | None = None) -> ResNet:
    """A real, initialised nn.Module for a config (or its spec). `seed` makes the weights repeatable."""
    spec = config if isinstance(config, NetSpec) else build_spec(config)
    with torch.random.fork_rng(enabled=seed is not None):
        if seed is not None:
            torch.manual_seed(seed)
        model = ResNet(spec)
        init_weights(model)
    return model
