"""One training recipe for everything that trains (the lab's runs and the lessons' nets), checked
through one option table: `TrainConfig` checks its fields against `TRAIN_OPTIONS`, and the lab's
widgets (bound to the URL as `lab_<key>`) take their bounds and choices from it. Also what a lab
run trains: the net fitted to the data, and its twin. Pure: no torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..config import ConfigError, NetConfig, Shortcut, Stem
from ..fields import Kind, Option, check_fields
from ..presets import preset
from .data import GRATING_SIZE

OPTIMIZERS = ("sgd", "adam")
DATASETS = ("synthetic", "cifar10", "gratings")
SCHEDULES = ("constant", "cosine")

TRAIN_OPTIONS: tuple[Option, ...] = (
    Option("dataset", "dataset", Kind.CHOICE, " | ".join(DATASETS), choices=DATASETS),
    Option("optimizer", "optimizer", Kind.CHOICE, "sgd (momentum 0.9) | adam", choices=OPTIMIZERS),
    Option("lr", "lr", Kind.FLOAT, "learning rate", 1e-6, 10,
           suggested=(1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)),
    Option("warmup", "warmup_steps", Kind.INT, "linear warm-up steps", 0, 10_000),
    Option("batch", "batch_size", Kind.INT, "images a step", 1, 4096, suggested=(8, 16, 32, 64, 128)),
    # The run's time budget, not this bound, is what keeps a run short.
    Option("steps", "steps", Kind.INT, "training steps", 1, 100_000),
    Option("seed", "seed", Kind.INT, "random seed", 0, 2**31 - 1),
    Option("flip", "flip", Kind.BOOL, "random horizontal flips", widget="checkbox"),
    Option("crop", "crop", Kind.BOOL, "random 32x32 crops of the padded image", widget="checkbox"),
    Option("twin", "twin", Kind.BOOL, "train the twin (the same net without shortcuts) too"),
    Option("n_train", "n_train", Kind.INT, "training images of a generated set", 10, 200_000),
    Option("schedule", "schedule", Kind.CHOICE, "after the warm-up: constant | cosine (to 0 at the end)",
           choices=SCHEDULES),
)


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = "gratings"  # 16x16 grey: small enough for the default twin of 56 layers
    data_root: str = ""  # folder with cifar-10-batches-bin, for dataset="cifar10"
    optimizer: str = "sgd"  # SGD with momentum 0.9 (He et al. 2015) or Adam (Kingma & Ba 2015)
    lr: float = 0.1  # He et al. 2015, section 4.2
    # Linear warm-up from lr/steps to lr: He et al. 2015 (section 4.2) warm ResNet-110 up at a low
    # rate; Goyal et al. 2017 made the gradual linear ramp standard.
    warmup_steps: int = 10
    # He et al. 2015 (section 4.2) flip and crop CIFAR images (32x32 crops of the image padded by 4
    # pixels); off by default: a mirrored grating is another class.
    flip: bool = False
    crop: bool = False
    batch_size: int = 64
    steps: int = 150
    seed: int = 0
    twin: bool = True
    n_train: int = 4096  # images drawn for a generated set (CIFAR-10 has its own 50,000)
    # After the warm-up: the rate held, or a cosine from `lr` down to 0 at the last step (Loshchilov &
    # Hutter 2017, SGDR), the short run's stand-in for the paper's step decays.
    schedule: str = "constant"

    def __post_init__(self) -> None:
        check_fields(self, TRAIN_OPTIONS)

    def lr_at(self, step: int) -> float:
        """The learning rate of step `step` (0-based): a linear ramp over the warm-up, then `lr` held
        or decayed along a cosine to 0 at the last step."""
        if step < self.warmup_steps:
            return self.lr * (step + 1) / (self.warmup_steps + 1)
        if self.schedule == "cosine":
            done = (step - self.warmup_steps) / max(1, self.steps - self.warmup_steps)
            return self.lr * 0.5 * (1 + math.cos(math.pi * done))
        return self.lr

    def replace(self, **changes: object) -> TrainConfig:
        return TrainConfig(**{**vars(self), **changes})


def lab_config(cfg: NetConfig, dataset: str = "synthetic") -> NetConfig:
    """The configured architecture, fitted to the lab's data: 10 classes of 32x32 RGB images, or
    16x16 grey ones for the gratings."""
    channels, size = (1, GRATING_SIZE) if dataset == "gratings" else (3, 32)
    return cfg.replace(input_size=(size, size), in_channels=channels, num_classes=10)


def twin_config(cfg: NetConfig) -> NetConfig:
    """The plain twin of a residual net (He et al. 2015 compare exactly these), or the residual
    twin of a plain one: option A where zero-padding works (the CIFAR nets), else B."""
    if cfg.shortcut is not Shortcut.NONE:
        # Zero-init last BN applies to residual branches only (a plain net so built is dead).
        return cfg.replace(shortcut=Shortcut.NONE, zero_init_residual=False)
    if cfg.stem is Stem.CIFAR:
        try:
            return cfg.replace(shortcut=Shortcut.A)
        except ConfigError:
            pass
    return cfg.replace(shortcut=Shortcut.B)


def default_net() -> NetConfig:
    """The lab's default network: ResNet-56 of He et al. 2015 (section 4.2) at widths 8/16/32, with
    1x1 projections where the shape changes (option B); beside its plain twin on the gratings."""
    return preset("resnet56").replace(widths=(8, 16, 32), shortcut=Shortcut.B)
