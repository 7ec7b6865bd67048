"""The session's lab run, as other views read it: its traces (rebuilt once per run and server
process from the run's events, however many pages draw them) and its latest gradient norms (the
diagram tab colours a network by them)."""

from __future__ import annotations

from ..config import NetConfig
from ..lab.settings import lab_config
from ..lab.task import TraceReader, net_of
from ..lab.trace import Trace
from . import watch

SLOT = "lab"


def current() -> watch.Watch | None:
    return watch.current(SLOT)


def traces(w: watch.Watch) -> list[Trace]:
    """The run's traces as far as its latest poll (every net up to the steps all of them have)."""
    return w.handles[0].view("traces", TraceReader).traces(w.snapshots[0])


def measured_grad_norms(cfg: NetConfig) -> dict[str, float]:
    """{"layer1.0": norm, ...}: each block's weight-gradient norm at the latest step of this
    session's run, if that run trained exactly `cfg` (as the lab fits it to its data); {} otherwise
    (norms of another net mislead)."""
    w = current()
    request = w.requests[0] if w is not None else None
    if request is None or net_of(request) != lab_config(cfg, request.settings["train"]["dataset"]):
        return {}
    found = traces(w)
    return found[0].block_grad_norms(-1) if found and len(found[0]) else {}
