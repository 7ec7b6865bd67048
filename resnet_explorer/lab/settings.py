"""The training lab's options as one table: `TrainConfig` checks its fields against it and the
lab's widgets (bound to the URL as `lab_<key>`) take their bounds and choices from it. Pure: no torch.
"""

from __future__ import annotations

from ..fields import Kind, Option

OPTIMIZERS = ("sgd", "adam")
DATASETS = ("synthetic", "cifar10", "gratings")

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
)
