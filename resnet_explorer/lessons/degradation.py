"""He et al. 2015, Fig. 1 and Fig. 6: plain and residual CIFAR-style nets of two depths trained under
identical conditions; the deeper *plain* net ends with a higher training error than the shallower
one, the deeper residual net does not. Each net is trained on its own (`train_net`): the live lesson
trains them as separate runs, in parallel where workers are free."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from ..lab.settings import TrainConfig
from .nets import accuracy, as_tensors, lesson_config, net_name, recipe, train, train_set

DEPTHS = (20, 56)
SETTINGS = recipe()


@dataclass
class Run:
    name: str
    depth: int
    residual: bool
    train_loss: list[float] = field(default_factory=list)
    # accuracy on each step's batch (train mode, before the update): the training-error curve
    batch_acc: list[float] = field(default_factory=list)
    train_acc: float = math.nan  # training-set accuracy in eval mode, at the end
    seconds: float = 0.0

    @property
    def final_train_loss(self) -> float:
        """Mean training loss over the last 10% of steps (at least one)."""
        k = max(1, len(self.train_loss) // 10)
        return float(np.mean(self.train_loss[-k:]))

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "final_train_loss": self.final_train_loss}


def nets(depths: tuple[int, ...] = DEPTHS) -> list[tuple[int, bool]]:
    """(depth, residual) in the order they are drawn: plain first, shallow first."""
    return [(d, r) for r in (False, True) for d in depths]


def train_net(depth: int, residual: bool, s: TrainConfig = SETTINGS,
              on_step: Callable[[int, float], None] | None = None) -> Run:
    """Train one net of the lesson with the shared recipe; its run."""
    run = Run(net_name(depth, residual), depth, residual)
    t0 = time.perf_counter()
    data = train_set(s)
    model, run.train_loss, run.batch_acc = train(lesson_config(depth, residual), s, data, on_step)
    run.train_acc = accuracy(model, *as_tensors(data))
    run.seconds = time.perf_counter() - t0
    return run


def degradation(s: TrainConfig = SETTINGS, depths: tuple[int, ...] = DEPTHS,
                on_step: Callable[[str, int, float], None] | None = None) -> list[Run]:
    """Every net of the lesson, one after the other, in this process (the command line, tests)."""
    runs = []
    for depth, residual in nets(depths):
        name = net_name(depth, residual)
        hook = None if on_step is None else (lambda i, loss, name=name: on_step(name, i, loss))
        runs.append(train_net(depth, residual, s, hook))
    return runs
