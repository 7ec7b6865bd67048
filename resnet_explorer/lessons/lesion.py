"""Veit et al. 2016, "Residual Networks Behave Like Ensembles of Relatively Shallow Networks": delete
one block of a trained net (keep its shortcut) and score it on held-out images.

Deleting is done here, from the spec, by swapping the block's module for `Deleted` while it is
scored (`deleted(model, names)`): the model's own blocks know nothing of the study.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator

import numpy as np
import torch
from torch import nn

from ..lab.settings import TrainConfig
from ..model import ResidualBlock, ResNet
from . import recordings
from .nets import accuracy, held_out_images, lesson_config, net_name, recipe, train

# Veit et al. compared ResNet-110 (54 blocks) with VGG-15; here a deep residual net, ResNet-56 (27
# blocks), beside a plain net that trains well, plain-20 (a plain-56 would not train at all).
DEPTHS = {True: 56, False: 20}
SETTINGS = recipe()


class Deleted(nn.Module):
    """A deleted block: post(shortcut(pre(x))) instead of post(F(x) + shortcut(x)); a plain block
    that keeps its shapes passes its input on."""

    def __init__(self, block: ResidualBlock):
        super().__init__()
        self.block = block

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = self.block
        if b.shortcut_path is None:
            return x
        for name in b.pre_names:
            x = b.get_submodule(name)(x)
        out = b.shortcut_path(x)
        for name in b.post_names:
            out = b.get_submodule(name)(out)
        return out


@contextlib.contextmanager
def deleted(model: ResNet, names: Collection[str]) -> Iterator[ResNet]:
    """The model with the named blocks deleted, whole again on exit. A plain block that changes
    shape cannot be deleted (nothing would carry its input on): ValueError, as for an unknown name."""
    blocks = {b.name: b for b in model.spec.blocks}
    unknown = sorted(set(names) - blocks.keys())
    if unknown:
        raise ValueError(f"no block named {', '.join(unknown)} in this net "
                         f"(its blocks are named like {next(iter(blocks), 'layer1.0')})")
    for name in names:
        b = blocks[name]
        if not b.is_residual and b.downsamples:
            raise ValueError(f"block {name} has no shortcut and changes the shape ({b.in_ch}->{b.out_ch} "
                             f"channels, stride {b.stride}): it cannot be deleted")
    swapped = []
    try:
        for name in names:
            b = blocks[name]
            stage = model.get_submodule(model.spec.stages[b.stage].name)
            stage[b.index] = Deleted(stage[b.index])
            swapped.append((stage, b.index))
        yield model
    finally:
        for stage, index in swapped:
            stage[index] = stage[index].block


def deletable(model: ResNet) -> list[str]:
    return [b.name for b in model.spec.blocks if b.is_residual or not b.downsamples]


def lesion(model: ResNet, x: torch.Tensor, y: torch.Tensor,
           on_block: Callable[[int], None] | None = None) -> dict[str, object]:
    """Held-out accuracy of the whole net, then with each block deleted in turn; None for a block
    that cannot be deleted. `on_block(i)` after the i-th block."""
    out = {"test_acc": accuracy(model, x, y), "blocks": []}
    can = set(deletable(model))
    for i, b in enumerate(model.spec.blocks):
        acc = None
        if b.name in can:
            with deleted(model, [b.name]):
                acc = accuracy(model, x, y)
        out["blocks"].append({"block": b.name, "downsamples": b.downsamples, "test_acc": acc})
        if on_block is not None:
            on_block(i)
    return out


def median_drop(result: dict[str, object]) -> float:
    """Median fall in held-out accuracy, in points, over the blocks that keep their shapes."""
    drops = [100 * (result["test_acc"] - b["test_acc"]) for b in result["blocks"]
             if not b["downsamples"] and b["test_acc"] is not None]
    return float(np.median(drops))


def lesion_nets(seed: int = 0, retrain: bool = False, settings: TrainConfig = SETTINGS, save: bool = False,
                on_step: Callable[[str, int, float], None] | None = None) -> list[tuple[str, bool, ResNet]]:
    """(name, residual, trained model) for the lesson's residual and plain nets: the shipped weights,
    or freshly trained with `seed` (same recipe, data order and initial weights for both)."""
    nets = []
    s = settings.replace(seed=seed)
    for residual, depth in DEPTHS.items():
        name = net_name(depth, residual)
        hook = None if on_step is None else (lambda i, loss, name=name: on_step(name, i, loss))
        if retrain:
            model = train(lesson_config(depth, residual), s, on_step=hook)[0]
        else:
            model = recordings.load_weights(lesson_config(depth, residual), residual, seed)
        if save:
            recordings.save_weights(model, recordings.weights_path(residual, seed))
        nets.append((name, residual, model.eval()))
    return nets


def lesion_study(seed: int = 0, retrain: bool = False, save: bool = False, settings: TrainConfig = SETTINGS,
                 on_step: Callable[[str, int, float], None] | None = None) -> list[dict[str, object]]:
    """The lesion study of both nets on 2,000 held-out gratings (drawn with their own seed)."""
    x, y = held_out_images(seed)
    return [{"name": name, "residual": residual, **lesion(model, x, y)}
            for name, residual, model in lesion_nets(seed, retrain, settings, save, on_step)]
