"""The short, instrumented training run of the gradient lab: settings -> a trace of plain numbers.

`TrainingRun` trains the configured net (and, in twin mode, its twin: the same net without
shortcuts, or with them if the configured net is plain) on the same batches, one `step()` at a
time, so that a job can poll, stop and stream it. Everything it records is in `Trace`: lists of
floats, exportable as CSV or JSON.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from ..config import NetConfig
from ..model import ResNet, build_model, zero_init_layers
from . import data as datasets
from .data import HELD_OUT_SEED
from .instrument import Instrument
from .settings import TrainConfig, default_net, lab_config, twin_config  # noqa: F401 (re-exported)
from .trace import Trace

# A batch-mean loss this far above ln(10) (chance for 10 classes) means the run has blown up.
DIVERGED_LOSS = 1e3
HELD_OUT = 256  # held-out images scored in eval mode, halfway and at the end: ~0.45 s a time
EVALS = 2  # for a CIFAR ResNet-20 on one thread, so a short run stays short


def load_data(train: TrainConfig, held_out: bool = False) -> datasets.ImageSet:
    """The run's training images, or HELD_OUT images it never trains on: CIFAR-10's test batch, or
    a fresh draw (another seed) of a generated set."""
    seed = train.seed + (HELD_OUT_SEED if held_out else 0)
    n = HELD_OUT if held_out else train.n_train
    if held_out and train.dataset == "cifar10":
        ds = datasets.read_cifar10(train.data_root, train=False)
    else:
        ds = datasets.load(train.dataset, train.data_root, seed=seed, n=n)
    if not held_out:
        return ds
    return datasets.ImageSet(ds.name, ds.images[:HELD_OUT], ds.labels[:HELD_OUT], ds.classes)


def copy_matching(src: torch.nn.Module, dst: torch.nn.Module, skip: Collection[str] = ()) -> list[str]:
    """Copy every state_dict entry whose name and shape agree, except `skip`; returns the names copied."""
    theirs = src.state_dict()
    mine = dst.state_dict()
    shared = {k: v for k, v in theirs.items() if k in mine and mine[k].shape == v.shape and k not in skip}
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
        if self.train.flip and self.train.dataset != "gratings":  # a mirrored grating is another class
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


@torch.no_grad()
def accuracy(model: ResNet, x: torch.Tensor, y: torch.Tensor, chunk: int = 256) -> float:
    """Share of `x` classified right in eval mode (BatchNorm with its running statistics); the
    model's mode is restored after."""
    was = model.training
    model.eval()
    try:
        hits = sum(int((model(x[i:i + chunk]).argmax(1) == y[i:i + chunk]).sum())
                   for i in range(0, len(y), chunk))
    finally:
        model.train(was)
    return hits / len(y)


def make_optimizer(model: torch.nn.Module, train: TrainConfig) -> torch.optim.Optimizer:
    if train.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=train.lr)
    return torch.optim.SGD(model.parameters(), lr=train.lr, momentum=0.9)


def fit(model: ResNet, train: TrainConfig, batches: Batches,
        on_step: Callable[[int, float], None] | None = None) -> tuple[list[float], list[float]]:
    """Train `model` for `train.steps` steps of the recipe without instruments (the lessons' nets);
    the loss and the batch's accuracy (train mode, before the update) of every step. `on_step(i,
    loss)` after each. The net and its inputs are kept channels-last: the same numbers, computed
    faster on a CPU (benchmarks/bench_lessons.py measures it)."""
    model.train().to(memory_format=torch.channels_last)
    opt = make_optimizer(model, train)
    losses, hits = [], []
    for i in range(train.steps):
        x, y = batches.next()
        for group in opt.param_groups:
            group["lr"] = train.lr_at(i)
        out = model(x.contiguous(memory_format=torch.channels_last))
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        hits.append(float((out.argmax(1) == y).float().mean()))
        if on_step is not None:
            on_step(i, losses[-1])
    return losses, hits


class Net:
    """One model with its optimizer, hooks and trace."""

    def __init__(self, label: str, cfg: NetConfig, train: TrainConfig, device: torch.device,
                 init_from: ResNet | None = None):
        self.model = build_model(cfg, seed=train.seed)
        note = ""
        if init_from is not None:
            # Share every weight the two nets have in common, except the layers that zero-init sets to 0
            # in residual branches: each net keeps its own init there (0 only where a shortcut goes
            # around it), and the trace says so.
            zeroed = {f"{n}.weight" for spec in (init_from.spec, self.model.spec)
                      for n in zero_init_layers(spec)}
            copy_matching(init_from, self.model, skip=zeroed)
            note = "lab_note_twin_zero_init" if zeroed else ""
        self.model.to(device).train()
        self.optimizer = make_optimizer(self.model, train)
        self.instrument = Instrument(self.model)
        self.trace = Trace(label, cfg, self.instrument.map, note=note)

    def evaluate(self, step: int, held_out: tuple[torch.Tensor, torch.Tensor]) -> None:
        """Held-out accuracy in eval mode (BN with running statistics), recorded at `step`."""
        self.trace.eval_accuracy.append((step, accuracy(self.model, *held_out)))

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
        cfg = lab_config(net_cfg, train.dataset)
        ds = load_data(train)
        self.batches = Batches(ds.images, ds.labels, train, self.device)
        held = load_data(train, held_out=True)
        self.held_out = (to_input(torch.from_numpy(held.images)).to(self.device),
                         torch.from_numpy(held.labels).to(self.device))
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
        self._each(lambda net: net.step(i, x, y, lr, self.t0))
        self.steps_done += 1
        for net in self.nets:
            loss = net.trace.loss[-1]
            if not math.isfinite(loss) or loss > DIVERGED_LOSS or not all(map(math.isfinite,
                                                                               net.trace.grad_norm[-1])):
                raise Diverged(net.trace.label, i, loss)
        if self.steps_done % max(1, math.ceil(self.train.steps / EVALS)) == 0 or self.done:
            self._each(lambda net: net.evaluate(i, self.held_out))

    def _each(self, work) -> None:
        """work(net) for every net, the twin's in the pool thread."""
        other = self._pool.submit(work, self.nets[1]) if self._pool is not None else None
        work(self.nets[0])
        if other is not None:
            other.result()

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
