"""What ships with the lessons (resnet_explorer/lessons/weights/): recordings of their experiments,
shown at once while a live re-run is a click away, and trained weights, as numpy arrays read back
with allow_pickle=False (loading runs no code from the file). Each file says how it was made: the
command that writes it is in the docstring of its path function.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from ..config import NetConfig
from ..lab.gradflow import INITS, SWEEP_DEPTHS, Flow, depth_sweep
from ..model import ResNet, build_model

WEIGHTS = Path(__file__).resolve().parent / "weights"
RECORDED_SEEDS = (0, 1, 2, 3, 4)  # degradation recordings shipped: the band of the lesson's chart
GRADFLOW_BATCH = 8
GRADFLOW_SEEDS = (0, 1, 2, 3, 4)  # the gradient-flow lesson's recording: its ranges are over these


def recording_path(seed: int, folder: Path = WEIGHTS) -> Path:
    """A degradation run, by `python -m resnet_explorer lesson degradation --seed N --json`."""
    return folder / f"degradation_seed{seed}.json"


def gradflow_path(folder: Path = WEIGHTS) -> Path:
    """The gradient-flow lesson's sweeps, by `python -m resnet_explorer lesson gradflow --save`."""
    return folder / "gradflow_sweep.json"


def lesion_recording_path(seed: int, folder: Path = WEIGHTS) -> Path:
    """The lesion study of the shipped weights, by `python -m resnet_explorer lesion --record`."""
    return folder / f"lesion_seed{seed}.json"


def weights_path(residual: bool, seed: int, folder: Path = WEIGHTS) -> Path:
    """The lesion lesson's nets, by `python -m resnet_explorer lesion --seed N --retrain --save`."""
    return folder / f"lesion_{'resnet56' if residual else 'plain20'}_seed{seed}.npz"


def read_json(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.is_file() else None


def degradation_recording(seed: int, folder: Path = WEIGHTS) -> dict | None:
    """The degradation recording of `seed`, or None where none ships."""
    return read_json(recording_path(seed, folder))


def degradation_bands(read: Callable[[int], dict | None] = degradation_recording) -> list[list[dict]]:
    """The runs of every shipped seed (the degradation chart's bands); `read` reads one seed's
    recording (the app passes its cached reader)."""
    return [rec["runs"] for seed in RECORDED_SEEDS if (rec := read(seed)) is not None]


def lesion_recording(seed: int = 0, folder: Path = WEIGHTS) -> list[dict] | None:
    """The recorded lesion study of the shipped nets of `seed` (one dict a net), or None."""
    rec = read_json(lesion_recording_path(seed, folder))
    return rec["nets"] if rec else None


def save_weights(model: ResNet, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})


def load_weights(cfg: NetConfig, residual: bool, seed: int = 0, folder: Path = WEIGHTS) -> ResNet:
    path = weights_path(residual, seed, folder)
    if not path.is_file():
        raise FileNotFoundError(f"no trained weights at {path}: make them with "
                                f"python -m resnet_explorer lesion --seed {seed} --retrain --save")
    model = build_model(cfg)
    with np.load(path, allow_pickle=False) as arrays:
        model.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})
    return model.eval()


def _rounded(flow: Flow) -> dict:
    """A flow as JSON, its numbers to 6 significant digits (the recording stays small; the lessons
    quote 2 or 3)."""
    return {k: [float(f"{v:.6g}") for v in x] if k in ("norms", "signal", "stream") else x
            for k, x in asdict(flow).items()}


def gradflow_sweeps(depths: tuple[int, ...] = SWEEP_DEPTHS, inits: tuple[str, ...] = INITS,
                    seeds: tuple[int, ...] = GRADFLOW_SEEDS) -> dict:
    """The lesson's sweeps as plain JSON: {"settings": ..., "sweeps": {init: {seed: [Flow as dict]}}}."""
    def sweep(init: str, seed: int) -> list[dict]:
        return [_rounded(f) for f in depth_sweep(depths, init, seed, GRADFLOW_BATCH)]

    return {"settings": {"depths": list(depths), "batch": GRADFLOW_BATCH, "seeds": list(seeds)},
            "sweeps": {init: {str(seed): sweep(init, seed) for seed in seeds} for init in inits}}


def recorded_seeds(recording: dict) -> tuple[int, ...]:
    """The seeds a gradient-flow recording was made with."""
    return tuple(recording["settings"]["seeds"])


def recorded_flows(recording: dict, init: str, seed: int) -> list[Flow] | None:
    """The recorded sweep of `init` and `seed`, or None where the recording has none."""
    items = recording["sweeps"].get(init, {}).get(str(seed))
    return None if items is None else flows_from_json(items)


def sweeps_of(recording: dict) -> dict[str, dict[int, list[Flow]]]:
    """{init: {seed: flows}} from a recording."""
    return {init: {int(seed): flows_from_json(items) for seed, items in by_seed.items()}
            for init, by_seed in recording["sweeps"].items()}


def flows_from_json(items: list[dict]) -> list[Flow]:
    """Flows back from their JSON form (lists back to tuples)."""
    return [Flow(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}) for item in items]
