"""The short, instrumented training run of the gradient lab: settings -> a trace of plain numbers.

`TrainingRun` trains the configured net (and, in twin mode, its twin: the same net without
shortcuts, or with them if the configured net is plain) on the same batches, one `step()` at a
time, so that a job can poll, stop and stream it. Everything it records is in `Trace`: lists of
floats, exportable as CSV or JSON.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import torch

from ..config import ConfigError, NetConfig, Shortcut, Stem
from ..model import build_model
from . import data as datasets
from .instrument import Instrument
from .trace import Trace

OPTIMIZERS = ("sgd", "adam")
DATASETS = ("synthetic", "cifar10")
# A batch-mean loss this far above ln(10) (chance for 10 classes) means the run has blown up.
DIVERGED_LOSS = 1e3


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = "synthetic"
    data_root: str = ""  # folder with cifar-10-batches-bin, for dataset="cifar10"
    optimizer: str = "sgd"  # SGD with momentum 0.9 (He et al. 2015) or Adam (Kingma & Ba 2015)
    lr: float = 0.05
    # Linear warm-up from lr/steps to lr: He et al. 2015 (section 4.2) warm ResNet-110 up at a low
    # rate; Goyal et al. 2017 made the gradual linear ramp standard.
    warmup_steps: int = 10
    flip: bool = True  # He et al. 2015, section 4.2: random horizontal flips ...
    crop: bool = True  # ... and 32x32 crops of the image padded by 4 pixels
    batch_size: int = 32
    steps: int = 100  # with batch 32 and the twin: ~25 s on 2 cores
    seed: int = 0
    twin: bool = True

    def __post_init__(self) -> None:
        checks = [
            ("dataset", self.dataset in DATASETS, " | ".join(DATASETS)),
            ("optimizer", self.optimizer in OPTIMIZERS, " | ".join(OPTIMIZERS)),
            ("lr", isinstance(self.lr, (int, float)) and 0 < self.lr <= 10, "a number in (0, 10]"),
            ("warmup_steps", isinstance(self.warmup_steps, int) and 0 <= self.warmup_steps <= 10_000,
             "a whole number from 0 to 10000"),
            ("batch_size", isinstance(self.batch_size, int) and 1 <= self.batch_size <= 4096,
             "a whole number from 1 to 4096"),
            ("steps", isinstance(self.steps, int) and 1 <= self.steps <= 100_000,
             "a whole number from 1 to 100000"),
            ("seed", isinstance(self.seed, int) and 0 <= self.seed < 2**31, "a whole number >= 0"),
        ]
        for name, ok, allowed in checks:
            if not ok:
                raise ConfigError(name, getattr(self, name), allowed)

    def lr_at(self, step: int) -> float:
        if step < self.warmup_steps:
            return self.lr * (step + 1) / (self.warmup_steps + 1)
        return self.lr


def lab_config(cfg: NetConfig) -> NetConfig:
    """The configured architecture, fitted to the lab's data: 32x32 RGB images, 10 classes."""
    return cfg.replace(input_size=(32, 32), in_channels=3, num_classes=10)


def twin_config(cfg: NetConfig) -> NetConfig:
    """The plain twin of a residual net (He et al. 2015 compare exactly these), or the residual
    twin of a plain one: option A where zero-padding works (the CIFAR nets), else B."""
    if cfg.shortcut is not Shortcut.NONE:
        return cfg.replace(shortcut=Shortcut.NONE)
    if cfg.stem is Stem.CIFAR:
        try:
            return cfg.replace(shortcut=Shortcut.A)
        except ConfigError:
            pass
    return cfg.replace(shortcut=Shortcut.B)


def copy_matching(src: torch.nn.Module, dst: torch.nn.Module) -> list[str]:
    """Copy every state_dict entry whose name and shape agree; returns the names copied."""
    theirs = src.state_dict()
    mine = dst.state_dict()
    shared = {k: v for k, v in theirs.items() if k in mine and mine[k].shape == v.shape}
    dst.load_state_dict(shared, strict=False)
    return sorted(shared)


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# ---------------------------------------------------------------------------------------------
# Batches


PIXEL_SCALE = 127.5  # maps 0..255 to -1..1


def to_input(images: torch.Tensor) -> torch.Tensor:
    """uint8 images (N, C, H, W) as the nets see them: floats in -1..1."""
    return (images.float() - PIXEL_SCALE) / PIXEL_SCALE


class Batches:
    """The run's batches: a seeded permutation an epoch, then seeded flips and crops.

    One object serves both nets of a twin run, so they see exactly the same images in the same order."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, train: TrainConfig, device: torch.device):
        self.images = torch.from_numpy(np.ascontiguousarray(images)).to(device)
        self.labels = torch.from_numpy(labels).to(device)
        self.train, self.device = train, device
        self.gen = torch.Generator().manual_seed(train.seed)
        self.order = torch.empty(0, dtype=torch.long)

    def next(self) -> tuple[torch.Tensor, torch.Tensor]:
        b = min(self.train.batch_size, len(self.labels))
        if len(self.order) < b:
            self.order = torch.cat([self.order, torch.randperm(len(self.labels), generator=self.gen)])
        idx, self.order = self.order[:b], self.order[b:]
        idx = idx.to(self.device)
        x = to_input(self.images[idx])
        if self.train.crop:
            x = self._crop(x)
        if self.train.flip:
            flip = (torch.rand(b, generator=self.gen) < 0.5).to(self.device)
            x = torch.where(flip[:, None, None, None], x.flip(3), x)
        return x, self.labels[idx]

    def _crop(self, x: torch.Tensor, pad: int = 4) -> torch.Tensor:
        b, c, h, w = x.shape
        padded = torch.nn.functional.pad(x, (pad, pad, pad, pad))
        oy = torch.randint(0, 2 * pad + 1, (b,), generator=self.gen).to(self.device)
        ox = torch.randint(0, 2 * pad + 1, (b,), generator=self.gen).to(self.device)
        rows = (oy[:, None] + torch.arange(h, device=self.device))[:, None, :, None]
        cols = (ox[:, None] + torch.arange(w, device=self.device))[:, None, None, :]
        n = torch.arange(b, device=self.device)[:, None, None, None]
        ch = torch.arange(c, device=self.device)[None, :, None, None]
        return padded[n, ch, rows, cols]


# ---------------------------------------------------------------------------------------------
# The run


def make_optimizer(model: torch.nn.Module, train: TrainConfig) -> torch.optim.Optimizer:
    if train.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=train.lr)
    return torch.optim.SGD(model.parameters(), lr=train.lr, momentum=0.9)


class Net:
    """One model with its optimizer, hooks and trace."""

    def __init__(self, label: str, cfg: NetConfig, train: TrainConfig, device: torch.device,
                 init_from: torch.nn.Module | None = None):
        self.model = build_model(cfg, seed=train.seed)
        if init_from is not None:
            copy_matching(init_from, self.model)
        self.model.to(device).train()
        self.optimizer = make_optimizer(self.model, train)
        self.instrument = Instrument(self.model)
        self.trace = Trace(label, cfg, self.instrument.map)

    def step(self, i: int, x: torch.Tensor, y: torch.Tensor, lr: float, t0: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        record = self.instrument.step(x, y, self.optimizer)
        self.trace.append(i, time.perf_counter() - t0, lr, record)


class Diverged(RuntimeError):
    """The loss or a gradient norm stopped being a finite, sane number."""

    def __init__(self, label: str, step: int, loss: float):
        self.label, self.step, self.loss = label, step, loss
        super().__init__(f"{label} diverged at step {step}: loss {loss:.3g}")


class TrainingRun:
    """Build the net(s) and the data, then `step()` until `done`. Not thread-safe: one driver."""

    def __init__(self, net_cfg: NetConfig, train: TrainConfig, device: torch.device | None = None):
        self.train = train
        self.device = device or default_device()
        cfg = lab_config(net_cfg)
        ds = datasets.load(train.dataset, train.data_root, seed=train.seed)
        self.batches = Batches(ds.images, ds.labels, train, self.device)
        self.nets = [Net("net", cfg, train, self.device)]
        if train.twin:
            self.nets.append(Net("twin", twin_config(cfg), train, self.device, init_from=self.nets[0].model))
        # A twin's two nets step in parallel threads: torch releases the GIL inside its kernels, and
        # with one intra-op thread each they fill two cores without oversubscribing them.
        self._pool = ThreadPoolExecutor(1) if len(self.nets) > 1 else None
        self.steps_done = 0
        self.t0 = time.perf_counter()

    @property
    def traces(self) -> list[Trace]:
        return [n.trace for n in self.nets]

    @property
    def done(self) -> bool:
        return self.steps_done >= self.train.steps

    def step(self) -> None:
        i = self.steps_done
        x, y = self.batches.next()
        lr = self.train.lr_at(i)
        if self._pool is not None:
            other = self._pool.submit(self.nets[1].step, i, x, y, lr, self.t0)
            self.nets[0].step(i, x, y, lr, self.t0)
            other.result()
        else:
            self.nets[0].step(i, x, y, lr, self.t0)
        self.steps_done += 1
        for net in self.nets:
            loss = net.trace.loss[-1]
            if not math.isfinite(loss) or loss > DIVERGED_LOSS or not all(map(math.isfinite,
                                                                               net.trace.grad_norm[-1])):
                raise Diverged(net.trace.label, i, loss)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        for net in self.nets:
            net.instrument.remove()

    def run(self) -> list[Trace]:
        """All steps, in this thread (scripts, tests, the benchmark)."""
        try:
            while not self.done:
                self.step()
        finally:
            self.close()
        return self.traces
