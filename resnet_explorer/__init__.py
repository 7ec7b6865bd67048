"""ResNet Explorer: build any ResNet and see exactly what is inside it.

    >>> from resnet_explorer import preset, analyze, build_model
    >>> a = analyze(preset("resnet50"))
    >>> a.totals.params, a.totals.macs
    (25557032, 4089184256)
"""

from .analysis import Analysis, MemoryEstimate, Row, StageRow, Totals, analyze, memory_estimate
from .anatomy import BlockAnatomy, block_anatomy
from .config import Block, ConfigError, NetConfig, Shortcut, Stem, StrideAt
from .lab.data import ImageSet, read_cifar10, synthetic
from .lab.gradflow import depth_sweep, grad_at_init
from .lab.training import Trace, TrainConfig, TrainingRun
from .model import ResNet, build_model
from .presets import PRESETS, Preset, preset
from .spec import BlockSpec, NetSpec, Op, OpKind, ShortcutKind, build_spec

__all__ = [
    "Analysis", "Block", "BlockAnatomy", "BlockSpec", "ConfigError", "ImageSet", "MemoryEstimate",
    "NetConfig", "NetSpec", "Op", "OpKind", "PRESETS", "Preset", "ResNet", "Row", "Shortcut",
    "ShortcutKind", "StageRow", "Stem", "StrideAt", "Totals", "Trace", "TrainConfig", "TrainingRun",
    "analyze", "block_anatomy", "build_model", "build_spec", "depth_sweep", "grad_at_init",
    "memory_estimate", "preset", "read_cifar10", "synthetic",
]
