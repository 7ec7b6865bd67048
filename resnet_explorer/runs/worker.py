"""The one worker loop: a task in, its events out, whatever carries them.

`run_one` runs one request through its task with a `Control`, the single place where a run's two
rules are applied between units of work (base.over_time, base.unwatched) together with an explicit
Stop; it always ends with exactly one End event (unless the run is no longer this worker's). A
`Channel` carries events out and stop / watch news in: a child process's stdin/stdout (`serve_stdio`,
the default, here) or Redis (redis_worker.py). Both run `run_one`, so both obey the same rules.

A worker runs at a lower CPU priority (`nice`) than the web server, so on a small machine the pages
come first and training takes what is left.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from typing import Any, Protocol

from . import tasks
from .base import (
    IDLE_TIMEOUT_S,
    Event,
    Halt,
    Progress,
    Reason,
    Request,
    Start,
    State,
    Step,
    end_now,
    over_time,
    over_time_message,
    to_wire,
    unwatched,
)

NICE_ENV = "RESNET_EXPLORER_WORKER_NICE"  # 0-19 (default 19): pages come first, training takes what is left
PROGRESS_EVERY_S = 0.25  # progress events at most this often (a change of label is always sent)


class Channel(Protocol):
    def emit(self, event: Event) -> None: ...

    def stop_requested(self) -> bool: ...

    def last_watch(self) -> float:
        """Wall-clock time of the latest poll by any page."""

    def owned(self) -> bool:
        """Whether the run is still this worker's (a worker that was taken for dead loses it)."""


class Control:
    """What a task holds: report progress, and be ended between two units of work."""

    def __init__(self, channel: Channel, request: Request, idle_s: float = IDLE_TIMEOUT_S):
        self.channel, self.request, self.idle_s = channel, request, idle_s
        self.t0 = time.perf_counter()
        self.done = 0
        self._label: str | None = None
        self._sent = -1.0

    def check(self) -> None:
        """Raise Halt if the run must end now: no longer ours, stopped, unwatched, or over time."""
        if not self.channel.owned():
            raise Halt(State.FAILED, reason=Reason.LOST, silent=True)
        if self.channel.stop_requested():
            raise Halt(State.STOPPED)
        if unwatched(self.channel.last_watch(), time.time(), self.idle_s):
            raise Halt(State.CANCELLED)
        elapsed = time.perf_counter() - self.t0
        if over_time(elapsed, self.request.max_seconds):
            raise Halt(State.FAILED, over_time_message(elapsed, self.request.max_seconds), Reason.OVER_TIME)

    def start(self, meta: Any) -> None:
        """Describe what the steps will carry (a lab run: its nets' layer maps)."""
        self.channel.emit(Start(time.time(), meta))

    def record(self, done: int, data: Any = None) -> None:
        """Send one unit's data (without the check: the task is ending anyway)."""
        self.done = done
        self.channel.emit(Step(done, data))

    def step(self, done: int, data: Any = None) -> None:
        """Send one unit's data, then end the run here if it must end."""
        self.record(done, data)
        self.check()

    def progress(self, done: int, label: str = "") -> None:
        self.done = done
        now = time.perf_counter()
        if label != self._label or now - self._sent >= PROGRESS_EVERY_S:
            self._label, self._sent = label, now
            self.channel.emit(Progress(done, label))
        self.check()


def run_one(request: Request, channel: Channel, idle_s: float = IDLE_TIMEOUT_S) -> None:
    """Run `request` to its end on this thread; every outcome is one End event."""
    ctl = Control(channel, request, idle_s)
    channel.emit(Start(time.time()))
    try:
        ctl.check()  # stopped or abandoned while it waited in the queue
        result = tasks.load(request.kind)(request.settings, ctl)
        end = end_now(State.DONE, request.units, result=result)
    except Halt as halt:
        if halt.silent:
            return
        end = end_now(halt.state, ctl.done, halt.message, halt.reason)
    except Exception as e:  # reported to the watchers; the worker carries on with the next run
        end = end_now(State.FAILED, ctl.done, f"{type(e).__name__}: {e}")
    channel.emit(end)


def prepare_process() -> None:
    """Lower priority, then the task side's own preparation (threads, slow imports)."""
    try:
        os.nice(min(19, max(0, int(os.environ.get(NICE_ENV, "19")))))
    except (OSError, ValueError):
        pass
    tasks.resolve(tasks.PREPARE)()


# -- the embedded worker: a child process of the web server, over stdin/stdout --------------------

class _Stdio:
    """The channel of a child worker: news from the server arrive on stdin (read by a thread)."""

    def __init__(self, out) -> None:
        self.out = out
        self.stopping = threading.Event()
        self.watched = time.time()

    def emit(self, event: Event) -> None:
        self.write(to_wire(event))

    def write(self, msg: dict) -> None:
        try:
            self.out.write(json.dumps(msg) + "\n")
        except (BrokenPipeError, OSError, ValueError):
            # The server is gone and nobody reads: end quietly, without flushing `out` again at
            # exit (which would print a BrokenPipeError of its own).
            os._exit(0)

    def stop_requested(self) -> bool:
        return self.stopping.is_set()

    def last_watch(self) -> float:
        return self.watched

    def owned(self) -> bool:
        return True


def serve_stdio() -> None:
    """Runs on stdin ({"op": "run" | "stop" | "watch"}), events on stdout, one JSON object a line."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to stderr, never into the protocol
    prepare_process()
    channel = _Stdio(out)
    runs: queue.Queue = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            msg = json.loads(line)
            if msg.get("op") == "stop":
                channel.stopping.set()
            elif msg.get("op") == "watch":
                channel.watched = float(msg["at"])
            elif msg.get("op") == "run":
                # Here, in arrival order: a stop sent right after its run still counts.
                channel.stopping.clear()
                channel.watched = float(msg["watched"])
                runs.put(msg)
        channel.stopping.set()  # the server went away: stop the run in progress too
        runs.put(None)

    threading.Thread(target=read, daemon=True).start()
    channel.write({"ev": "ready"})
    while (msg := runs.get()) is not None:
        run_one(Request.from_wire(msg["request"]), channel, float(msg["idle_s"]))


if __name__ == "__main__":
    serve_stdio()
