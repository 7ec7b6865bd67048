"""The lessons' nets and data: CIFAR-style nets of He et al. 2015 (section 4.2, 6n+2 layers) at widths
8/16/32 on 16x16 grey oriented gratings (lab/data.py `gratings`), small enough for two CPU cores,
trained with the lab's one recipe (lab/settings.py `TrainConfig`, lab/training.py `fit`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from ..config import NetConfig, Shortcut
from ..lab import data as datasets
from ..lab.data import HELD_OUT_SEED
from ..lab.settings import TrainConfig
from ..lab.training import Batches, accuracy, fit, to_input
from ..model import ResNet, build_model
from ..presets import preset

WIDTHS = (8, 16, 32)
TEST_IMAGES = 2000


def lesson_config(depth: int, residual: bool) -> NetConfig:
    """A CIFAR-style net of `depth` = 6n+2 layers at widths 8/16/32 on 16x16 grey images; option B
    (1x1 projection) where a residual net changes shape."""
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"CIFAR-style nets have 6n+2 layers (8, 14, 20, ...), not {depth}")
    n = (depth - 2) // 6
    return preset("resnet20").replace(
        stages=(n, n, n), widths=WIDTHS, shortcut=Shortcut.B if residual else Shortcut.NONE,
        input_size=(datasets.GRATING_SIZE,) * 2, in_channels=1, num_classes=10)


def net_name(depth: int, residual: bool) -> str:
    return f"{'ResNet' if residual else 'plain'}-{depth}"


# The lessons' recipe, the same for every net they train. Found on tuning seeds 100-105 and checked on
# seeds nobody tuned to (benchmarks/bench_lessons.py): without a decay a 56-layer residual net ended
# anywhere between 25% and 100% training accuracy in 300 steps; a warm-up, then a cosine decay to 0
# at a peak rate of 0.05, on batches of 32, makes it converge on every seed (He et al. 2015 also warm
# their deepest net up at a low rate, section 4.2, and decay the rate twice).
LESSON_RECIPE = {"steps": 500, "batch_size": 32, "lr": 0.05, "warmup_steps": 50, "schedule": "cosine"}


def recipe(**changes: object) -> TrainConfig:
    """The lessons' recipe (on the gratings, one net at a time), with `changes`."""
    return TrainConfig(dataset="gratings", twin=False, **LESSON_RECIPE).replace(**changes)


def train_set(train: TrainConfig) -> datasets.ImageSet:
    return datasets.gratings(train.n_train, seed=train.seed)


def held_out_images(seed: int, n: int = TEST_IMAGES) -> tuple[torch.Tensor, torch.Tensor]:
    """Held-out gratings, drawn with their own seed (never a training one)."""
    ds = datasets.gratings(n, seed=seed + HELD_OUT_SEED)
    return to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)


def as_tensors(ds: datasets.ImageSet) -> tuple[torch.Tensor, torch.Tensor]:
    return to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)


def train(cfg: NetConfig, s: TrainConfig, data: datasets.ImageSet | None = None,
          on_step: Callable[[int, float], None] | None = None) -> tuple[ResNet, list[float], list[float]]:
    """Train one net with the recipe; the model, the loss and the batch accuracy of every step. Same
    seed, same initial weights for every net of a given architecture, and the same batches in the same
    order for all."""
    data = data if data is not None else train_set(s)
    model = build_model(cfg, seed=s.seed)
    losses, hits = fit(model, s, Batches(data.images, data.labels, s, torch.device("cpu")), on_step)
    return model, losses, hits


__all__ = ["TEST_IMAGES", "WIDTHS", "accuracy", "as_tensors", "lesson_config", "net_name", "recipe",
           "held_out_images", "train", "train_set"]
