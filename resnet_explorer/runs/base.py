"""The run layer's vocabulary, at the bottom of it: what a run is asked to do (`Request`), what it
says as it goes (the events), where it stands (`State`), what a page draws (`Snapshot`), what a page
holds (`RunHandle`), and the two rules every run obeys: its time budget and "nobody watches".

Everything in runs/ imports this module; it imports nothing of the layer, and nothing that needs torch.
Events cross process and machine boundaries as JSON (`to_wire` / `from_wire`), never pickled.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol

# A run nobody has polled for this long (its pages were closed) ends and frees its worker.
IDLE_TIMEOUT_S = 30.0
# Past its budget a run ends at the next check between two steps; a worker still silent this long
# after the budget (one step that never ends) is taken to be hung.
GRACE_S = 10.0


class State(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"  # every watching page pressed Stop
    CANCELLED = "cancelled"  # nobody watched it for IDLE_TIMEOUT_S
    DIVERGED = "diverged"
    FAILED = "failed"  # an error, the time budget, a dead worker or a lost run: see `reason`

    @property
    def active(self) -> bool:
        return self in (State.QUEUED, State.RUNNING)


class Reason(StrEnum):
    """Why a FAILED run failed, for a translated sentence; NONE: see the message."""

    NONE = ""
    OVER_TIME = "over_time"
    WORKER_DIED = "worker_died"
    LOST = "lost"


@dataclass(frozen=True)
class Request:
    """One run: a task kind (runs/tasks.py) and its settings (plain JSON values, kept as canonical
    JSON text). Identical requests are one run, shared by every page (and every replica) that asks.

    `units` is the progress total (training steps, nets of a sweep), `seconds` the estimate on an
    idle machine, `max_seconds` the time budget; none of them is part of the run's identity."""

    kind: str
    params: str  # json.dumps(settings, sort_keys=True)
    units: int = 1
    seconds: float = 0.0
    max_seconds: float = 120.0

    @classmethod
    def of(cls, kind: str, settings: dict[str, Any], units: int = 1, seconds: float = 0.0,
           max_seconds: float = 120.0) -> Request:
        return cls(kind, json.dumps(settings, sort_keys=True, allow_nan=False), units, seconds, max_seconds)

    @property
    def settings(self) -> dict[str, Any]:
        return json.loads(self.params)

    @property
    def key(self) -> str:
        """The run's name, the same in every process: what a link carries to find the run again."""
        return hashlib.sha256(f"{self.kind}\n{self.params}".encode()).hexdigest()[:32]

    def to_wire(self) -> dict[str, Any]:
        return {"kind": self.kind, "settings": self.settings, "units": self.units, "seconds": self.seconds,
                "max_seconds": self.max_seconds}

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> Request:
        return cls.of(str(d["kind"]), dict(d["settings"]), int(d["units"]), float(d["seconds"]),
                      float(d["max_seconds"]))


# -- events: what a run says, in order; every reader of a run sees the same sequence --------------

@dataclass(frozen=True)
class Start:
    """A worker took the run; `meta` is the task's own description of what it will send (JSON)."""

    at: float  # wall clock of the worker
    meta: Any = None


@dataclass(frozen=True)
class Step:
    """One unit of work done; `data` is what the task adds to its result as it goes (JSON)."""

    done: int
    data: Any = None


@dataclass(frozen=True)
class Progress:
    """Work done without data to stream (a lesson's experiment): how far, and on what."""

    done: int
    label: str = ""


@dataclass(frozen=True)
class End:
    state: State
    at: float
    done: int = 0
    message: str = ""
    reason: Reason = Reason.NONE
    result: Any = None  # the task's result (JSON), once DONE


Event = Start | Step | Progress | End
_KINDS: dict[str, type] = {"start": Start, "step": Step, "progress": Progress, "end": End}
_NAMES = {v: k for k, v in _KINDS.items()}


def to_wire(event: Event) -> dict[str, Any]:
    return {"ev": _NAMES[type(event)], **asdict(event)}


def from_wire(d: dict[str, Any]) -> Event:
    """An event back from JSON; a malformed one raises ValueError (never runs anything)."""
    values = dict(d)
    kind = _KINDS.get(values.pop("ev", None))
    if kind is None:
        raise ValueError(f"not a run event: {str(d)[:80]}")
    try:
        event = kind(**values)
        if isinstance(event, End):
            event = End(State(event.state), float(event.at), int(event.done), str(event.message),
                        Reason(event.reason), event.result)
        return event
    except (TypeError, ValueError) as e:
        raise ValueError(f"not a run event: {e}") from None


class Halt(Exception):
    """Raised inside a task (by its Control, or by the task: a diverged run) to end it early with
    `state`; `silent` when the run is no longer this worker's and someone else has ended it."""

    def __init__(self, state: State, message: str = "", reason: Reason = Reason.NONE, silent: bool = False):
        super().__init__(message or state.value)
        self.state, self.message, self.reason, self.silent = state, message, reason, silent


def end_now(state: State, done: int = 0, message: str = "", reason: Reason = Reason.NONE,
            result: Any = None) -> End:
    return End(state, time.time(), done, message, reason, result)


# -- the two rules ---------------------------------------------------------------------------------

def over_time(elapsed: float, budget: float) -> bool:
    """The time budget: a run past it ends (at its next check between steps)."""
    return elapsed > budget


def unwatched(last_watch: float, now: float, idle_s: float = IDLE_TIMEOUT_S) -> bool:
    """Nobody watches: no page has polled the run for `idle_s` seconds (wall clock)."""
    return now - last_watch > idle_s


def over_time_message(elapsed: float, budget: float) -> str:
    return (f"stopped after {elapsed:.0f} s: this server's time budget for one run is {budget:.0f} s "
            f"(the estimate before the start was too low for this machine's load)")


def died_message(code: int | None, done: int) -> str:
    how = f"was killed (signal {-code})" if code is not None and code < 0 else f"exited (code {code})"
    return f"the training process {how} after {done} steps, so this run is lost; start it again to retry"


LOST_MESSAGE = ("this run is no longer known to the server (it was restarted, or the run ended long "
                "ago), so its results are lost; start it again")


# -- what a page draws and holds -------------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """A run as one page sees it at one moment: plain values, safe to keep after the run moves on."""

    state: State
    done: int
    total: int
    queue_position: int = 0  # 1: next in line; 0: not waiting
    elapsed_s: float = 0.0
    eta_s: float = math.inf
    message: str = ""
    reason: Reason = Reason.NONE
    label: str = ""
    result: Any = None
    meta: Any = None  # the Start event's meta
    steps: tuple[Any, ...] = field(default=(), repr=False)  # every Step event's data so far
    started_at: float = 0.0  # wall clock of the worker's start; 0 while queued
    ended_at: float = 0.0

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


def eta(state: State, estimate: float, done: int, total: int, elapsed: float) -> float:
    """Seconds left: the estimate until the first unit is done, then the pace so far."""
    if state is State.QUEUED or done == 0:
        return estimate if state.active else 0.0
    return 0.0 if not state.active else elapsed / done * max(0, total - done)


class RunHandle(Protocol):
    """A run as a page holds it, whatever keeps it (memory or Redis). `poll(token)` also tells the
    run that this page still watches it; `stop(token)` detaches the page, and the run stops once no
    page is left."""

    key: str
    request: Request

    def poll(self, token: str | None = None) -> Snapshot: ...

    def stop(self, token: str | None = None) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...
