"""Key names of other ResNet code, mapped onto torchvision's (which this project's modules use).

- Wrappers that prefix every key: `module.` (nn.DataParallel, DistributedDataParallel), `_orig_mod.`
  (torch.compile), `model.` / `net.` (Lightning modules and training scripts that hold the net).
- The widely copied CIFAR ResNet of kuangliu/pytorch-cifar names the projection `shortcut.0`/`.1` and
  the classifier `linear`; torchvision says `downsample.0`/`.1` and `fc`.
- timm's ResNet uses torchvision's names; its variants that this app cannot build are refused here
  with what they are: the deep stem (ResNet-C/D: three 3x3 convs, `conv1.0` ... `conv1.6`), average-pool
  projections (ResNet-D: the conv is `downsample.1`), squeeze-and-excitation (`se.`), and timm's
  ResNetV2 (`stem.conv`, `stages.N.blocks.M`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from .errors import CheckpointError, Note, listing

V = TypeVar("V")

PREFIXES = ("module.", "_orig_mod.", "model.", "net.")
_SHORTCUT = re.compile(r"^(layer\d+\.\d+)\.shortcut\.(\d+)\.")


def _refuse_other_designs(keys: list[str]) -> None:
    if any(k.startswith("conv1.0.") for k in keys):
        raise CheckpointError("ck_timm_deep_stem")
    if any(k.startswith("stages.") or k.startswith("stem.") for k in keys):
        raise CheckpointError("ck_timm_v2")
    if any(".se." in k or ".se_module." in k for k in keys):
        raise CheckpointError("ck_se")
    if any(".downsample.2." in k for k in keys):  # 0 = the average pool, 1 = conv, 2 = BN
        raise CheckpointError("ck_avg_down")


def normalise(tensors: Mapping[str, V]) -> tuple[dict[str, V], list[Note]]:
    """The same values under torchvision's names, and a note for each renaming made."""
    notes: list[Note] = []
    d = dict(tensors)
    for _ in range(3):  # e.g. "module._orig_mod."
        prefix = next((p for p in PREFIXES if d and all(k.startswith(p) for k in d)), None)
        if prefix is None:
            break
        d = {k[len(prefix):]: v for k, v in d.items()}
        notes.append(Note("ck_note_prefix", values={"prefix": prefix}))
    keys = list(d)
    _refuse_other_designs(keys)
    if "linear.weight" in d and "fc.weight" not in d:
        d = {("fc." + k[len("linear."):] if k.startswith("linear.") else k): v for k, v in d.items()}
        notes.append(Note("ck_note_rename", values={"old": "linear", "new": "fc"}))
    if any(_SHORTCUT.match(k) for k in d):
        d = {_SHORTCUT.sub(r"\1.downsample.\2.", k): v for k, v in d.items()}
        notes.append(Note("ck_note_rename", values={"old": "layerN.M.shortcut",
                                                    "new": "layerN.M.downsample"}))
    return d, notes


def not_a_resnet(keys: list[str]) -> CheckpointError:
    return CheckpointError("ck_not_resnet", keys=listing(keys, 3))
