"""The lessons' live experiments as worker tasks: what a lesson page asks a worker process to compute.

A `LessonRequest` names one experiment with its settings (plain JSON values), so that identical
requests from many sessions (or replicas) are one job, exactly as identical lab runs are. The
worker (`workers.run_task`) calls `run`, which streams "progress" events and ends with the result as
JSON: the web server's process never trains a lesson's nets.

- "degradation": the four nets of the degradation lesson (lab/lessons.py `degradation`);
- "lesion": ResNet-20 and plain-20 retrained with a seed, then the lesion study;
- "gradflow_sweep": the gradient-flow depth sweep of one init (lab/gradflow.py), one net at a time.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from .gradflow import KINDS as NET_KINDS
from .gradflow import SWEEP_DEPTHS, cifar_config, grad_at_init
from .lessons import (
    GRADFLOW_BATCH,
    LESION_DEPTH,
    LESION_SETTINGS,
    DegradationSettings,
    TrainSettings,
    degradation,
    lesion_study,
    net_name,
)

KINDS = ("degradation", "lesion", "gradflow_sweep")
# Seconds a training step costs per block of a lesson net (batch 64 of 16x16 images, one thread),
# measured in a worker on this 2-core machine: the lesion retraining (1,200 steps of 9 blocks) took
# 79 s with its scoring on a quiet machine, the degradation lesson (300 steps each of 9 and 27
# blocks) 136 s beside other work; both are within about 40% of this.
STEP_S_PER_BLOCK = 0.009
# One init's sweep (24 nets, batch 8) measured 12 s in a worker on this 2-core machine under load.
SWEEP_NET_S = 0.5
# A lesson job is stopped with a message past this multiple of its estimate (a loaded class server
# runs slower than the machine alone), and never before this many seconds.
BUDGET_FACTOR, MIN_BUDGET_S = 4.0, 120.0


@dataclass(frozen=True)
class LessonRequest:
    """One lesson experiment: its kind and settings, as sorted (name, JSON value) pairs."""

    kind: str
    params: tuple[tuple[str, object], ...]

    @property
    def settings(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}

    @property
    def key(self) -> str:
        """The job's name, the same in every process (never a lab run's: those are 32 hex digits)."""
        text = json.dumps([self.kind, self.settings], sort_keys=True)
        return "lesson-" + hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def units(self) -> int:
        """Progress units: training steps (degradation, lesion) or nets (sweep)."""
        p = self.settings
        if self.kind == "degradation":
            return p["steps"] * 2 * len(p["depths"])
        if self.kind == "lesion":
            return p["steps"] * 2
        return len(p["depths"]) * len(NET_KINDS) * 2

    @property
    def seconds(self) -> float:
        """Estimated wall time alone on this machine (see STEP_S_PER_BLOCK)."""
        p = self.settings
        if self.kind == "gradflow_sweep":
            return SWEEP_NET_S * self.units * max(p["depths"]) / max(SWEEP_DEPTHS)
        blocks = [(d - 2) // 2 for d in (p["depths"] if self.kind == "degradation" else [LESION_DEPTH])]
        per_net = [p["steps"] * b * STEP_S_PER_BLOCK * p["batch"] / 64 for b in blocks]
        return 2 * sum(per_net) + (12.0 if self.kind == "lesion" else 0.0)  # + scoring 40 lesioned nets

    @property
    def max_seconds(self) -> float:
        return max(MIN_BUDGET_S, BUDGET_FACTOR * self.seconds)

    def task(self) -> dict:
        """What a worker receives (plain JSON)."""
        return {"op": "run", "kind": self.kind, "params": self.settings, "units": self.units,
                "max_seconds": self.max_seconds}


def _request(kind: str, **params: object) -> LessonRequest:
    return LessonRequest(kind, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                            for k, v in params.items())))


def degradation_request(seed: int = 0, steps: int = 150, n_train: int = 4096, batch: int = 64,
                        depths: tuple[int, ...] = (20, 56)) -> LessonRequest:
    TrainSettings(seed=seed, steps=steps, n_train=n_train, batch=batch)  # a bad value fails here
    return _request("degradation", seed=seed, steps=steps, n_train=n_train, batch=batch, depths=depths)


def lesion_request(seed: int, steps: int = LESION_SETTINGS.steps, n_train: int = LESION_SETTINGS.n_train,
                   batch: int = LESION_SETTINGS.batch) -> LessonRequest:
    TrainSettings(seed=seed, steps=steps, n_train=n_train, batch=batch)
    return _request("lesion", seed=seed, steps=steps, n_train=n_train, batch=batch)


def gradflow_request(init: str, depths: tuple[int, ...] = SWEEP_DEPTHS, batch: int = GRADFLOW_BATCH,
                     seed: int = 0) -> LessonRequest:
    return _request("gradflow_sweep", init=init, depths=depths, batch=batch, seed=seed)


# -- the worker's side ----------------------------------------------------------------------------

class Ended(Exception):
    """Raised from the progress hook to end a task early: stopped, abandoned or over its time."""

    def __init__(self, state: str, message: str = "", reason: str = ""):
        super().__init__(message or state)
        self.state, self.message, self.reason = state, message, reason


class Progress:
    """The hook a task calls as it goes: sends "progress" (at most about 4 a second), and ends the
    task between two steps when it is stopped or past its time budget."""

    def __init__(self, emit: Callable[[dict], None], should_stop: Callable[[], str], max_seconds: float,
                 over_time: Callable[[float, float], str]):
        self.emit, self.should_stop, self.over_time = emit, should_stop, over_time
        self.max_seconds = max_seconds
        self.t0 = time.perf_counter()
        self.done, self._sent_at, self._label = 0, 0.0, None

    def __call__(self, done: int, label: str = "") -> None:
        self.done = done
        reason = self.should_stop()
        elapsed = time.perf_counter() - self.t0
        if reason:
            raise Ended(reason)
        if elapsed > self.max_seconds:
            raise Ended("failed", self.over_time(elapsed, self.max_seconds), "over_time")
        if label != self._label or elapsed - self._sent_at >= 0.25:
            self._label, self._sent_at = label, elapsed
            self.emit({"ev": "progress", "steps": done, "label": label})


def _degradation(p: dict, tick: Progress) -> dict:
    s = DegradationSettings(TrainSettings(seed=p["seed"], steps=p["steps"], n_train=p["n_train"],
                                          batch=p["batch"]), tuple(p["depths"]))
    order = [net_name(d, r) for d, r in s.nets()]
    tick(0, order[0])
    runs = degradation(s, lambda name, i, loss: tick(order.index(name) * s.train.steps + i + 1, name))
    return {"seed": p["seed"], "settings": asdict(s), "runs": [r.as_dict() for r in runs]}


def _lesion(p: dict, tick: Progress) -> dict:
    s = TrainSettings(seed=p["seed"], steps=p["steps"], n_train=p["n_train"], batch=p["batch"])
    order = [net_name(LESION_DEPTH, r) for r in (True, False)]  # lesion_nets trains in this order
    tick(0, order[0])
    nets = lesion_study(p["seed"], retrain=True, settings=s,
                        on_step=lambda name, i, loss: tick(order.index(name) * s.steps + i + 1, name))
    return {"seed": p["seed"], "settings": asdict(s), "nets": nets}


def _gradflow(p: dict, tick: Progress) -> dict:
    # depth_sweep's order (BN first, then kind, then depth), one net at a time so progress shows.
    nets = [(bn, kind, d) for bn in (True, False) for kind in NET_KINDS for d in p["depths"]]
    flows = []
    for i, (bn, kind, depth) in enumerate(nets):
        tick(i, f"{kind}-{depth}")
        flows.append(asdict(grad_at_init(cifar_config(depth, kind, bn), p["seed"], p["batch"], p["init"])))
    return {"init": p["init"], "settings": p, "flows": flows}


RUNNERS: dict[str, Callable[[dict, Progress], dict]] = {
    "degradation": _degradation, "lesion": _lesion, "gradflow_sweep": _gradflow}


def run(task: dict, should_stop: Callable[[], str], emit: Callable[[dict], None],
        over_time: Callable[[float, float], str]) -> None:
    """Run a lesson task to its end: "start", "progress" events, then one "end" with the result (and
    its own wall time, "seconds") or the state and message it ended with."""
    tick = Progress(emit, should_stop, task["max_seconds"], over_time)
    emit({"ev": "start", "nets": []})
    try:
        result = RUNNERS[task["kind"]](task["params"], tick)
    except Ended as e:
        return emit({"ev": "end", "state": e.state, "message": e.message, "reason": e.reason,
                     "steps": tick.done})
    except Exception as e:  # reported to the watchers; the worker carries on with the next task
        return emit({"ev": "end", "state": "failed", "message": f"{type(e).__name__}: {e}",
                     "steps": tick.done})
    result["seconds"] = time.perf_counter() - tick.t0
    emit({"ev": "end", "state": "done", "message": "", "steps": task.get("units", tick.done),
          "result": result})
