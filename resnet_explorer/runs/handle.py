"""A run as a page holds it: events read from the store and reduced to a Snapshot. Written once, for
both stores; one handle per run and server process, shared by every page there that watches the run,
so its events are read once however many pages poll."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .base import (
    LOST_MESSAGE,
    End,
    Progress,
    Reason,
    Request,
    Snapshot,
    Start,
    State,
    Step,
    end_now,
    eta,
)
from .store import Reading, Store

T = TypeVar("T")
RESTARTED = "this run was started again by another page; start it again here to watch the new one"


class Handle:
    def __init__(self, store: Store, request: Request):
        self.store, self.request, self.key = store, request, request.key
        self._lock = threading.Lock()
        self._cursor, self._run_id = "", ""
        self._start: Start | None = None
        self._meta: Any = None
        self._steps: list[Any] = []
        self._progress: Progress | None = None
        self._end: End | None = None
        self._done = 0
        self._views: dict[str, Any] = {}

    def poll(self, token: str | None = None) -> Snapshot:
        with self._lock:
            position = 0
            if self._end is None:
                reading = self.store.read(self.key, token, self._cursor)
                self._take(reading)
                position = reading.position
            return self._snapshot(position)

    def view(self, name: str, make: Callable[[], T]) -> T:
        """A view derived from this run's events, kept with it and shared by its pages (the lab's
        traces, rebuilt once per step however many pages draw them)."""
        with self._lock:
            if name not in self._views:
                self._views[name] = make()
            return self._views[name]

    def stop(self, token: str | None = None) -> None:
        """This page stops watching; the run stops once no page watches it any more."""
        if token is None or self.store.unwatch(self.key, token) == 0:
            self.store.stop(self.key)

    def wait(self, timeout: float | None = None) -> bool:
        """Until the run has ended (scripts and tests; pages poll instead)."""
        end = time.monotonic() + (1e9 if timeout is None else timeout)
        while self.poll().state.active:
            if time.monotonic() > end:
                return False
            time.sleep(0.05)
        return True

    def _take(self, reading: Reading) -> None:
        if not reading.known:
            self._end = end_now(State.FAILED, self._done, LOST_MESSAGE, Reason.LOST)
            return
        if self._run_id and reading.run_id != self._run_id:
            self._end = end_now(State.FAILED, self._done, RESTARTED, Reason.LOST)
            return
        self._run_id = reading.run_id
        for cursor, event in reading.events:
            self._cursor = cursor
            match event:
                case Start():
                    self._start = self._start or event
                    self._meta = event.meta if event.meta is not None else self._meta
                case Step():
                    self._steps.append(event.data)
                    self._done = event.done
                case Progress():
                    self._progress, self._done = event, event.done
                case End():
                    self._end = event
                    return

    def _snapshot(self, position: int) -> Snapshot:
        end, start = self._end, self._start
        state = end.state if end else State.RUNNING if start else State.QUEUED
        done = end.done if end else self._done
        elapsed = ((end.at if end else time.time()) - start.at) if start else 0.0
        total = self.request.units
        return Snapshot(state, done, total, position, max(0.0, elapsed),
                        eta(state, self.request.seconds, done, total, elapsed),
                        end.message if end else "", end.reason if end else Reason.NONE,
                        self._progress.label if self._progress else "", end.result if end else None,
                        self._meta, tuple(self._steps), start.at if start else 0.0, end.at if end else 0.0)


class Lost:
    """What a link to a run the store does not know finds: a run that says it was lost."""

    request = None

    def __init__(self, key: str):
        self.key = key

    def poll(self, token: str | None = None) -> Snapshot:
        return Snapshot(State.FAILED, 0, 0, message=LOST_MESSAGE, reason=Reason.LOST, eta_s=0.0)

    def view(self, name: str, make: Callable[[], T]) -> T:
        return make()

    def stop(self, token: str | None = None) -> None:
        pass

    def wait(self, timeout: float | None = None) -> bool:
        return True
