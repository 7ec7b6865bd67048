"""ResNet Explorer: build any ResNet and see exactly what is inside it.

    >>> from resnet_explorer import preset, analyze, build_model
    >>> a = analyze(preset("resnet50"))
    >>> a.totals.params, a.totals.macs
    (25557032, 4089184256)

Names are imported on first use (PEP 562), so the command line's `presets` and `summary`, which
need no torch, start in well under a second.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# public name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(("Analysis", "MemoryEstimate", "Row", "StageRow", "Totals", "analyze",
                     "memory_estimate"), ".analysis"),
    **dict.fromkeys(("BlockAnatomy", "block_anatomy"), ".anatomy"),
    **dict.fromkeys(("Block", "ConfigError", "NetConfig", "Shortcut", "Stem", "StrideAt"), ".config"),
    **dict.fromkeys(("ImageSet", "read_cifar10", "synthetic"), ".lab.data"),
    **dict.fromkeys(("depth_sweep", "grad_at_init"), ".lab.gradflow"),
    **dict.fromkeys(("Trace", "TrainConfig", "TrainingRun"), ".lab.training"),
    **dict.fromkeys(("ResNet", "build_model"), ".model"),
    **dict.fromkeys(("PRESETS", "Preset", "preset"), ".presets"),
    **dict.fromkeys(("BlockSpec", "NetSpec", "Op", "OpKind", "ShortcutKind", "build_spec"), ".spec"),
}
__all__ = [
    "Analysis", "Block", "BlockAnatomy", "BlockSpec", "ConfigError", "ImageSet", "MemoryEstimate",
    "NetConfig", "NetSpec", "Op", "OpKind", "PRESETS", "Preset", "ResNet", "Row", "Shortcut",
    "ShortcutKind", "StageRow", "Stem", "StrideAt", "Totals", "Trace", "TrainConfig", "TrainingRun",
    "analyze", "block_anatomy", "build_model", "build_spec", "depth_sweep", "grad_at_init",
    "memory_estimate", "preset", "read_cifar10", "synthetic",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'resnet_explorer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .analysis import Analysis, MemoryEstimate, Row, StageRow, Totals, analyze, memory_estimate
    from .anatomy import BlockAnatomy, block_anatomy
    from .config import Block, ConfigError, NetConfig, Shortcut, Stem, StrideAt
    from .lab.data import ImageSet, read_cifar10, synthetic
    from .lab.gradflow import depth_sweep, grad_at_init
    from .lab.training import Trace, TrainConfig, TrainingRun
    from .model import ResNet, build_model
    from .presets import PRESETS, Preset, preset
    from .spec import BlockSpec, NetSpec, Op, OpKind, ShortcutKind, build_spec
