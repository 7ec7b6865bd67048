"""A file's weights in the net inferred from them, proved by a strict load.

The net is built on the meta device (no memory for weights) and the file's tensors are loaded into it
with `load_state_dict(strict=True, assign=True)`: the model's parameters *are* the file's tensors
(float32 ones are views of the upload or of the memory-mapped file), so the weights are not copied.
Tensors stored as float16, bfloat16 or float64 are converted to float32 (a copy of those only).
The model is in eval mode with gradients off and is never trained in place: what trains (the
BatchNorm lesson's training-mode pass) works on a copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import torch

from ..analysis import analyze
from ..config import NET_OPTIONS, NetConfig
from ..fields import to_text
from ..model import ResNet, build_model
from ..presets import PRESETS
from .errors import DEFAULT_LIMIT_MB, CheckpointError, Note, listing
from .files import Weights, read_bytes, read_path
from .infer import Inference, infer
from .names import normalise

COUNTER = "num_batches_tracked"  # BatchNorm's step counter; a file may lack it (BN then starts it at 0)


@dataclass(frozen=True, eq=False)
class Opened:
    weights: Weights
    inference: Inference
    model: ResNet
    renamed: tuple[Note, ...]
    converted: int  # tensors converted to float32

    @property
    def config(self) -> NetConfig:
        return self.inference.config


def _shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) or "scalar"


def check_fit(cfg: NetConfig, shapes: Mapping[str, tuple[int, ...]]) -> None:
    """Every key and shape of the net built from `cfg` against the file's; one message if any differ."""
    with torch.device("meta"):
        expected = {k: tuple(v.shape) for k, v in build_model(cfg).state_dict().items()}
    missing = [k for k in expected if k not in shapes and not k.endswith(COUNTER)]
    unexpected = [k for k in shapes if k not in expected]
    wrong = [f"{k} {_shape_text(shapes[k])} ≠ {_shape_text(v)}" for k, v in expected.items()
             if k in shapes and tuple(shapes[k]) != v]
    if missing or unexpected or wrong:
        raise CheckpointError("ck_mismatch", net=describe(cfg), missing=listing(missing) or "—",
                              unexpected=listing(unexpected) or "—", shapes=listing(wrong, 2) or "—")


def describe(cfg: NetConfig) -> str:
    """A short name of the net, e.g. "bottleneck 3,4,6,3, widths 64,128,256,512, shortcut B"."""
    return (f"{cfg.stem.value} stem, {cfg.block.value} {','.join(map(str, cfg.stages))}, widths "
            f"{','.join(map(str, cfg.widths))}, shortcut {cfg.shortcut.value}"
            + (", pre-act" if cfg.preact else ""))


def as_float32(tensors: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], int]:
    out, converted = {}, 0
    for k, v in tensors.items():
        if k.endswith(COUNTER):
            out[k] = v.to(torch.int64)
        elif v.dtype == torch.float32:
            out[k] = v
        elif v.is_floating_point():
            out[k], converted = v.to(torch.float32), converted + 1
        else:
            raise CheckpointError("ck_dtype", name=k, dtype=str(v.dtype).removeprefix("torch."))
    return out, converted


def check_finite(tensors: Mapping[str, torch.Tensor]) -> None:
    bad = [k for k, v in tensors.items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]
    if bad:
        raise CheckpointError("ck_nonfinite", names=listing(bad, 2), n=len(bad))


def load(cfg: NetConfig, tensors: dict[str, torch.Tensor]) -> ResNet:
    with torch.device("meta"):
        model = build_model(cfg)
    try:
        model.load_state_dict(tensors, strict=True, assign=True)
    except RuntimeError as err:  # check_fit ran first: a dtype or a detail it did not see
        raise CheckpointError("ck_load", why=str(err).splitlines()[-1][:160]) from None
    left = [n for n, t in [*model.named_parameters(), *model.named_buffers()] if t.is_meta]
    if left:
        raise CheckpointError("ck_load", why="not loaded: " + listing(left))
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval()


def open_weights(weights: Weights, choices: Mapping[str, str] | None = None) -> Opened:
    """Infer the net, check every key and shape, then load strictly; CheckpointError otherwise."""
    tensors, renamed = normalise(weights.tensors)
    shapes = {k: tuple(v.shape) for k, v in tensors.items()}
    inference = infer(shapes, choices)
    check_fit(inference.config, shapes)
    tensors, converted = as_float32(tensors)
    check_finite(tensors)
    return Opened(weights, inference, load(inference.config, tensors), tuple(renamed), converted)


def matching_preset(cfg: NetConfig) -> str | None:
    return next((name for name, p in PRESETS.items() if p.config == cfg), None)


def url_options(cfg: NetConfig) -> dict[str, str]:
    """Text options (URL keys, CLI flags) that make `cfg`: a preset and what differs from it.
    `options.config_from_options` of them gives `cfg` back (a test checks)."""
    def differing(base: NetConfig) -> list:
        return [o for o in NET_OPTIONS if getattr(base, o.field) != getattr(cfg, o.field)]

    name = min(PRESETS, key=lambda n: len(differing(PRESETS[n].config)))
    changed = differing(PRESETS[name].config)
    if any(o.field in ("stages", "stem", "widths") for o in changed):  # else widths are re-derived
        changed = [o for o in NET_OPTIONS if o in changed or o.field == "widths"]
    return {"preset": name, **{o.key: to_text(o, getattr(cfg, o.field)) for o in changed}}


def summary(opened: Opened) -> dict[str, object]:
    """What `inspect --json` prints: the inferred options (summary --json's "config"), the counts,
    and in words what was read, assumed and renamed."""
    cfg = opened.config
    totals = analyze(cfg).totals
    w = opened.weights
    return {
        "file": {"name": w.name, "format": w.format, "bytes": w.size, "tensors": len(w.tensors),
                 "state_dict_under": w.found_in or None, "converted_to_float32": opened.converted},
        "config": cfg.as_dict(), "params": totals.params, "macs": totals.macs,
        "matches_preset": matching_preset(cfg), "url_options": url_options(cfg),
        "found": [n.text() for n in opened.inference.found],
        "assumed": {n.field: n.text() for n in opened.inference.assumed},
        "renamed": [n.text() for n in opened.renamed], "strict_load": True,
    }


def inspect_path(path: str | Path, limit_mb: float = DEFAULT_LIMIT_MB,
                 choices: Mapping[str, str] | None = None) -> Opened:
    """Read a file from disk, infer its net and load it strictly (CheckpointError if any step fails)."""
    return open_weights(read_path(path, limit_mb), choices)


def inspect_bytes(name: str, data: bytes, limit_mb: float,
                  choices: Mapping[str, str] | None = None) -> Opened:
    """The same for an upload's bytes, which the tensors then view."""
    return open_weights(read_bytes(name, data, limit_mb), choices)
