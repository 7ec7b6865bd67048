"""The lessons' experiments: pure functions of frozen settings, runnable in a script, a test or a job.

- `degradation`: He et al. 2015, Fig. 1 and Fig. 6. Plain and residual CIFAR-style nets (6n+2
  layers) of two depths trained under identical conditions: the deeper *plain* net ends with a
  higher training loss than the shallower one, the deeper residual net does not.
- `lesion`: Veit et al. 2016, "Residual Networks Behave Like Ensembles of Relatively Shallow
  Networks": delete one block (keep its shortcut) from a trained net and score it on held-out images.
- `bn_modes`, `layer_responses` live in lab/lessons_bn.py.

All nets here see 16x16 grey oriented gratings (lab/data.py `gratings`), widths 8/16/32, option B
where a residual net changes shape: small enough for two CPU cores.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from ..config import NetConfig, Shortcut
from ..model import ResNet, build_model
from ..presets import preset
from . import data as datasets
from .gradflow import INITS, SWEEP_DEPTHS, Flow, depth_sweep
from .training import to_input

WIDTHS = (8, 16, 32)
HELD_OUT_SEED = 1_000_003  # held-out images: their own seed, never a training one
TEST_IMAGES = 2000
RECORDED_SEEDS = (0, 1, 2)  # degradation recordings shipped in lab/weights/


def lesson_config(depth: int, residual: bool) -> NetConfig:
    """A CIFAR-style net of He et al. 2015 (section 4.2) of `depth` = 6n+2 layers at widths 8/16/32
    on 16x16 grey images; option B (1x1 projection) where a residual net changes shape."""
    if depth < 8 or (depth - 2) % 6:
        raise ValueError(f"CIFAR-style nets have 6n+2 layers (8, 14, 20, ...), not {depth}")
    n = (depth - 2) // 6
    return preset("resnet20").replace(
        stages=(n, n, n), widths=WIDTHS, shortcut=Shortcut.B if residual else Shortcut.NONE,
        input_size=(datasets.GRATING_SIZE,) * 2, in_channels=1, num_classes=10)


def net_name(depth: int, residual: bool) -> str:
    return f"{'ResNet' if residual else 'plain'}-{depth}"


@dataclass(frozen=True)
class TrainSettings:
    """One recipe for every net of a lesson: the fairness checklist of the degradation lesson."""

    seed: int = 0  # the data order and every net's initial weights
    steps: int = 150
    batch: int = 64
    lr: float = 0.1  # SGD with momentum 0.9 (He et al. 2015, section 4.2), no weight decay
    warmup: int = 10  # linear warm-up: keeps the 56-layer nets from blowing up at step 0
    n_train: int = 4096

    def __post_init__(self) -> None:
        for name, lo, hi in (("seed", 0, 2**31 - 1), ("steps", 1, 100_000), ("batch", 1, 4096),
                             ("warmup", 0, 100_000), ("n_train", 10, 200_000)):
            value = getattr(self, name)
            if not (isinstance(value, int) and lo <= value <= hi):
                raise ValueError(f"{name} must be a whole number from {lo} to {hi}, not {value!r}")
        if not (0 < self.lr <= 10):
            raise ValueError(f"lr must be above 0 and at most 10, not {self.lr!r}")

    def lr_at(self, step: int) -> float:
        return self.lr * min(1.0, (step + 1) / (self.warmup + 1))


def train_images(s: TrainSettings) -> tuple[torch.Tensor, torch.Tensor]:
    ds = datasets.gratings(s.n_train, seed=s.seed)
    return to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)


def test_images(seed: int, n: int = TEST_IMAGES) -> tuple[torch.Tensor, torch.Tensor]:
    ds = datasets.gratings(n, seed=seed + HELD_OUT_SEED)
    return to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)


def batch_order(s: TrainSettings) -> list[torch.Tensor]:
    """The indices of every step's batch: one seeded permutation an epoch, shared by all nets."""
    gen = torch.Generator().manual_seed(s.seed)
    order = torch.cat([torch.randperm(s.n_train, generator=gen)
                       for _ in range(math.ceil(s.steps * s.batch / s.n_train))])
    return [order[i * s.batch:(i + 1) * s.batch] for i in range(s.steps)]


@torch.no_grad()
def accuracy(model: ResNet, x: torch.Tensor, y: torch.Tensor, chunk: int = 1024) -> float:
    """Share of `x` classified right in eval mode (BatchNorm with its running statistics)."""
    was = model.training
    model.eval()
    try:
        hits = sum(int((model(x[i:i + chunk]).argmax(1) == y[i:i + chunk]).sum())
                   for i in range(0, len(y), chunk))
    finally:
        model.train(was)
    return hits / len(y)


@dataclass
class Run:
    name: str
    depth: int
    residual: bool
    train_loss: list[float] = field(default_factory=list)
    train_acc: float = math.nan  # training-set accuracy in eval mode, at the end
    seconds: float = 0.0

    @property
    def final_train_loss(self) -> float:
        """Mean training loss over the last 10% of steps (at least one)."""
        k = max(1, len(self.train_loss) // 10)
        return float(np.mean(self.train_loss[-k:]))

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "final_train_loss": self.final_train_loss}


def train(cfg: NetConfig, s: TrainSettings, data: tuple[torch.Tensor, torch.Tensor],
          on_step: Callable[[int, float], None] | None = None) -> tuple[ResNet, list[float]]:
    """Train one net with the shared recipe; the loss of every step. Same seed, same initial weights
    for every net of a given architecture, and the same batches in the same order for all."""
    x, y = data
    model = build_model(cfg, seed=s.seed).train()
    opt = torch.optim.SGD(model.parameters(), lr=s.lr, momentum=0.9)
    losses = []
    for i, idx in enumerate(batch_order(s)):
        for group in opt.param_groups:
            group["lr"] = s.lr_at(i)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if on_step is not None:
            on_step(i, losses[-1])
    return model, losses


@dataclass(frozen=True)
class DegradationSettings:
    train: TrainSettings = TrainSettings()
    depths: tuple[int, ...] = (20, 56)

    def nets(self) -> list[tuple[int, bool]]:
        """(depth, residual) in the order they train and are drawn: plain first, shallow first."""
        return [(d, r) for r in (False, True) for d in self.depths]


def degradation(s: DegradationSettings = DegradationSettings(),
                on_step: Callable[[str, int, float], None] | None = None) -> list[Run]:
    """Train every net of `s` one after the other under the same recipe; their runs."""
    data = train_images(s.train)
    runs = []
    for depth, residual in s.nets():
        run = Run(net_name(depth, residual), depth, residual)
        t0 = time.perf_counter()
        hook = None if on_step is None else (lambda i, loss, name=run.name: on_step(name, i, loss))
        model, run.train_loss = train(lesson_config(depth, residual), s.train, data, hook)
        run.train_acc = accuracy(model, *data)
        run.seconds = time.perf_counter() - t0
        runs.append(run)
    return runs


# ---------------------------------------------------------------------------------------------
# Lesion study (Veit et al. 2016)

LESION_DEPTH = 20
LESION_SETTINGS = TrainSettings(steps=600)  # to about equal held-out accuracy for both nets
WEIGHTS = Path(__file__).resolve().parent / "weights"


def recording_path(seed: int, folder: Path = WEIGHTS) -> Path:
    """A degradation run recorded by `python -m resnet_explorer lesson degradation --seed N --json`."""
    return folder / f"degradation_seed{seed}.json"


# The gradient-flow lesson's depth sweeps (lab/gradflow.py), one per init, recorded by
# `python -m resnet_explorer lesson gradflow --save`: 48 backward passes take about a minute on two
# cores, too long for a lesson that must show at once.
GRADFLOW_BATCH = 8


def gradflow_path(folder: Path = WEIGHTS) -> Path:
    return folder / "gradflow_sweep.json"


def gradflow_sweeps(depths: tuple[int, ...] = SWEEP_DEPTHS, inits: tuple[str, ...] = INITS) -> dict:
    """The lesson's sweeps as plain JSON: {"settings": ..., "sweeps": {init: [Flow as dict, ...]}}."""
    return {"settings": {"depths": list(depths), "batch": GRADFLOW_BATCH, "seed": 0},
            "sweeps": {init: [asdict(f) for f in depth_sweep(depths, init, 0, GRADFLOW_BATCH)]
                       for init in inits}}


def flows_from_json(items: list[dict]) -> list[Flow]:
    """Flows back from their JSON form (lists back to tuples)."""
    return [Flow(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}) for item in items]


def lesion_recording_path(seed: int, folder: Path = WEIGHTS) -> Path:
    """The lesion study of the shipped weights, recorded by `python -m resnet_explorer lesion --record`:
    40 forward passes over 2,000 images (about 12 s) the lesson shows at once."""
    return folder / f"lesion_seed{seed}.json"


def weights_path(residual: bool, seed: int, folder: Path = WEIGHTS) -> Path:
    return folder / f"lesion_{net_name(LESION_DEPTH, residual).lower().replace('-', '')}_seed{seed}.npz"


def save_weights(model: ResNet, path: Path) -> None:
    """numpy arrays only, read back with allow_pickle=False: loading runs no code from the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})


def load_weights(residual: bool, seed: int = 0, folder: Path = WEIGHTS) -> ResNet:
    path = weights_path(residual, seed, folder)
    if not path.is_file():
        raise FileNotFoundError(f"no trained weights at {path}: make them with "
                                f"python -m resnet_explorer lesion --seed {seed} --retrain --save")
    model = build_model(lesson_config(LESION_DEPTH, residual))
    with np.load(path, allow_pickle=False) as arrays:
        model.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})
    return model.eval()


def lesion_nets(seed: int = 0, retrain: bool = False, settings: TrainSettings = LESION_SETTINGS,
                save: bool = False, on_step: Callable[[str, int, float], None] | None = None
                ) -> list[tuple[str, bool, ResNet]]:
    """(name, residual, trained model) for ResNet-20 and plain-20: the shipped weights, or freshly
    trained with `seed` (same recipe, data order and initial weights for both); `on_step(name,
    step, loss)` after every training step."""
    nets = []
    s = TrainSettings(**{**asdict(settings), "seed": seed})
    data = train_images(s) if retrain else None
    for residual in (True, False):
        cfg = lesson_config(LESION_DEPTH, residual)
        name = net_name(LESION_DEPTH, residual)
        hook = None if on_step is None else (lambda i, loss, name=name: on_step(name, i, loss))
        model = train(cfg, s, data, hook)[0] if retrain else load_weights(residual, seed)
        if save:
            save_weights(model, weights_path(residual, seed))
        nets.append((name, residual, model.eval()))
    return nets


def lesion(model: ResNet, x: torch.Tensor, y: torch.Tensor) -> dict[str, object]:
    """Held-out accuracy of the whole net, then with each block deleted in turn (Veit et al. 2016:
    the block's branch removed, its shortcut kept). A plain block that changes shape cannot be
    deleted (nothing would carry its input on): its accuracy is None."""
    out = {"test_acc": accuracy(model, x, y), "blocks": []}
    for b in model.spec.blocks:
        acc = None
        if b.is_residual or not b.downsamples:
            model.set_deleted([b.name])
            try:
                acc = accuracy(model, x, y)
            finally:
                model.set_deleted(())
        out["blocks"].append({"block": b.name, "downsamples": b.downsamples, "test_acc": acc})
    return out


def median_drop(result: dict[str, object]) -> float:
    """Median fall in held-out accuracy, in points, over the blocks that keep their shapes."""
    drops = [100 * (result["test_acc"] - b["test_acc"]) for b in result["blocks"]
             if not b["downsamples"] and b["test_acc"] is not None]
    return float(np.median(drops))


def lesion_study(seed: int = 0, retrain: bool = False, save: bool = False,
                 settings: TrainSettings = LESION_SETTINGS,
                 on_step: Callable[[str, int, float], None] | None = None) -> list[dict[str, object]]:
    """The lesion study of both nets on 2,000 held-out gratings (drawn with their own seed)."""
    x, y = test_images(seed)
    return [{"name": name, "residual": residual, **lesion(model, x, y)}
            for name, residual, model in lesion_nets(seed, retrain, settings, save, on_step)]
