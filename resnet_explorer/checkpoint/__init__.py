"""Bring your own ResNet: open a weights file safely, infer its architecture, look inside it.

    >>> from resnet_explorer.checkpoint import inspect_path
    >>> opened = inspect_path("resnet50.safetensors")
    >>> opened.config.block, opened.config.stages
    (<Block.BOTTLENECK: 'bottleneck'>, (3, 4, 6, 3))

files.py reads (safetensors, or torch.load(weights_only=True)), infer.py turns names and shapes into a
NetConfig, opened.py proves it with a strict load, inside.py reads the trained weights. Names are
imported on first use (PEP 562), so the command line's parser, which imports cli.py, needs no torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import DEFAULT_LIMIT_MB, CheckpointError, Note
from .infer import CHOICES, Inference, infer  # torch-free; eager, so `infer` is not the submodule

_EXPORTS = {
    **dict.fromkeys(("Weights", "read_bytes", "read_path"), ".files"),
    **dict.fromkeys(("Opened", "inspect_bytes", "inspect_path", "matching_preset", "open_weights", "summary",
                     "url_options"), ".opened"),
}
__all__ = ["CHOICES", "CheckpointError", "DEFAULT_LIMIT_MB", "Inference", "Note", "Opened", "Weights",
           "infer", "inspect_bytes", "inspect_path", "matching_preset", "open_weights", "read_bytes",
           "read_path", "summary", "url_options"]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'resnet_explorer.checkpoint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .files import Weights, read_bytes, read_path
    from .opened import (
        Opened,
        inspect_bytes,
        inspect_path,
        matching_preset,
        open_weights,
        summary,
        url_options,
    )
