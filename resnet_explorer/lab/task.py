"""The gradient lab's run as a task of the run layer (runs/tasks.py: kind "lab").

Server side: `lab_request` names a run (the net as fitted to the lab's data, the training settings)
and `TraceReader` rebuilds its traces from the run's events. Worker side: `train` trains the net (and
its twin) step by step, sending every step's new numbers. Nothing sent is pickled: plain JSON.
"""

from __future__ import annotations

import threading
from typing import Any

from ..config import NetConfig
from ..runs import Halt, Request, Snapshot, State
from .budget import Estimate
from .settings import TrainConfig
from .trace import Trace

KIND = "lab"


def lab_request(net: NetConfig, train: TrainConfig, est: Estimate, max_seconds: float) -> Request:
    """The run of `net` (fitted to the data) trained with `train`; any worker's device ("auto")."""
    from .training import lab_config

    settings = {"net": lab_config(net, train.dataset).as_dict(), "train": vars(train), "device": "auto"}
    return Request.of(KIND, settings, units=train.steps, seconds=est.seconds, max_seconds=max_seconds)


def net_of(request: Request) -> NetConfig:
    return NetConfig(**request.settings["net"])


def train(settings: dict[str, Any], ctl) -> None:
    """Worker side: every step of the run as one event; ends DIVERGED with the loss that blew up."""
    import torch

    from .training import Diverged, TrainingRun, default_device

    device = default_device() if settings["device"] == "auto" else torch.device(settings["device"])
    run = TrainingRun(NetConfig(**settings["net"]), TrainConfig(**settings["train"]), device)
    try:
        ctl.start([tr.meta() for tr in run.traces])
        sent: list[dict[str, int]] = [{} for _ in run.traces]
        while not run.done:
            try:
                run.step()
            except Diverged as e:
                ctl.record(run.steps_done, [tr.delta(s) for tr, s in zip(run.traces, sent)])
                raise Halt(State.DIVERGED, str(e)) from None
            ctl.step(run.steps_done, [tr.delta(s) for tr, s in zip(run.traces, sent)])
    finally:
        run.close()


class TraceReader:
    """A lab run's traces, rebuilt from its events as they arrive (one reader per run and server
    process, shared by every page watching it: each step is taken in once)."""

    def __init__(self) -> None:
        self._traces: list[Trace] = []
        self._taken = 0
        self._lock = threading.Lock()

    def traces(self, snap: Snapshot) -> list[Trace]:
        """Every net's trace up to the steps all of them have."""
        with self._lock:
            if not self._traces and snap.meta:
                self._traces = [Trace.from_meta(m) for m in snap.meta]
            if self._traces:
                for data in snap.steps[self._taken:]:
                    for tr, delta in zip(self._traces, data):
                        tr.extend(delta)
                self._taken = max(self._taken, len(snap.steps))
            n = min((len(tr) for tr in self._traces), default=0)
            return [tr.head(n) for tr in self._traces]
