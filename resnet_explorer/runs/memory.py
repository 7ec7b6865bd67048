"""The store of one server process (the default): runs, their events and watchers, the queue its
dispatchers serve (scheduler.py), and the small shared records, all in memory behind one lock.

Memory is bounded: a finished run is kept for late askers until `keep_done` newer ones have
finished or `keep_s` have passed; shared records expire with their time to live and at most
`max_records` are kept (the oldest go first).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from .base import IDLE_TIMEOUT_S, End, Event, Request, State
from .store import Reading

KEEP_DONE = 64
KEEP_S = 3600.0
MAX_RECORDS = 20_000


@dataclass
class _Run:
    request: Request
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: float = field(default_factory=time.time)
    events: list[Event] = field(default_factory=list)
    watchers: dict[str, float] = field(default_factory=dict)
    stopping: bool = False
    ended_at: float = 0.0

    @property
    def ended(self) -> End | None:
        return self.events[-1] if self.events and isinstance(self.events[-1], End) else None

    def joinable(self) -> bool:
        end = self.ended
        return end is None or end.state is State.DONE


class MemoryStore:
    def __init__(self, idle_s: float = IDLE_TIMEOUT_S, keep_done: int = KEEP_DONE, keep_s: float = KEEP_S,
                 max_records: int = MAX_RECORDS):
        self.idle_s = idle_s  # the "nobody watches" time of this server's runs
        self.keep_done, self.keep_s, self.max_records = keep_done, keep_s, max_records
        self._closed = False
        self._runs: OrderedDict[str, _Run] = OrderedDict()
        self._queue: deque[str] = deque()
        self._records: OrderedDict[str, tuple[Any, float]] = OrderedDict()  # name -> (value, expires)
        self._lock = threading.Lock()
        self._queued = threading.Condition(self._lock)

    # -- runs -----------------------------------------------------------------------------------
    def create(self, request: Request, token: str) -> bool:
        key, now = request.key, time.time()
        with self._lock:
            run = self._runs.get(key)
            made = run is None or not run.joinable()
            if made:
                run = self._runs[key] = _Run(request)
                self._queue.append(key)
                self._queued.notify()
            run.watchers[token] = now
            self._runs.move_to_end(key)
            self._forget(now)
            return made

    def request(self, key: str) -> Request | None:
        with self._lock:
            run = self._runs.get(key)
            return run.request if run is not None else None

    def read(self, key: str, token: str | None, after: str) -> Reading:
        with self._lock:
            run = self._runs.get(key)
            if run is None:
                return Reading(False)
            if token:
                run.watchers[token] = time.time()
            start = int(after.rpartition(":")[2] or 0) if after.startswith(run.run_id) else 0
            events = tuple((f"{run.run_id}:{i + 1}", ev) for i, ev in enumerate(run.events[start:], start))
            position = self._queue.index(key) + 1 if key in self._queue else 0
            return Reading(True, run.run_id, events, position)

    def unwatch(self, key: str, token: str) -> int:
        with self._lock:
            run = self._runs.get(key)
            if run is None:
                return 0
            run.watchers.pop(token, None)
            return len(run.watchers)

    def last_watch(self, key: str) -> float:
        with self._lock:
            run = self._runs.get(key)
            return 0.0 if run is None else max(run.watchers.values(), default=run.created)

    def stop(self, key: str) -> None:
        with self._lock:
            if key in self._runs:
                self._runs[key].stopping = True

    def stop_requested(self, key: str) -> bool:
        with self._lock:
            run = self._runs.get(key)
            return run is not None and run.stopping

    def append(self, key: str, event: Event) -> None:
        with self._lock:
            run = self._runs.get(key)
            if run is None or run.ended is not None:
                return
            run.events.append(event)
            if isinstance(event, End):
                run.ended_at = time.time()

    def active(self) -> int:
        with self._lock:
            return sum(run.ended is None for run in self._runs.values())

    # -- the queue, for this process's dispatchers ----------------------------------------------
    def take(self) -> str | None:
        """The next queued run's key, waiting for one; None once the queue is closed."""
        with self._queued:
            self._queued.wait_for(lambda: self._queue or self._closed)
            return None if self._closed else self._queue.popleft()

    def close_queue(self) -> None:
        """Wake every waiting dispatcher with None (the server is shutting down)."""
        with self._queued:
            self._closed = True
            self._queued.notify_all()

    def _forget(self, now: float) -> None:
        """Drop finished runs beyond `keep_done` (oldest first) or older than `keep_s`."""
        done = [k for k, r in self._runs.items() if r.ended is not None]
        old = done[:max(0, len(done) - self.keep_done)]
        old += [k for k in done if now - self._runs[k].ended_at > self.keep_s]
        for key in set(old):
            del self._runs[key]

    # -- shared records ---------------------------------------------------------------------------
    def _live(self, name: str) -> Any:
        hit = self._records.get(name)
        if hit is None or hit[1] < time.time():
            self._records.pop(name, None)
            return None
        return hit[0]

    def _keep(self, name: str, value: Any, ttl_s: float) -> None:
        self._records[name] = (value, time.time() + ttl_s)
        self._records.move_to_end(name)
        if len(self._records) > self.max_records:  # the expired go first, then the oldest written
            now = time.time()
            for old in [k for k, (_, expires) in self._records.items() if expires < now]:
                del self._records[old]
        while len(self._records) > self.max_records:
            self._records.popitem(last=False)

    def _map(self, name: str) -> dict[str, str]:
        value = self._live(name)
        return value if isinstance(value, dict) else {}

    def put(self, name: str, value: dict[str, Any], ttl_s: float) -> None:
        with self._lock:
            self._keep(name, dict(value), ttl_s)

    def get(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            value = self._live(name)
            return dict(value) if isinstance(value, dict) else None

    def hset(self, name: str, key: str, value: str, ttl_s: float) -> bool:
        with self._lock:
            entries = self._map(name)
            new = key not in entries
            entries[key] = value
            self._keep(name, entries, ttl_s)
            return new

    def hset_unless(self, name: str, key: str, value: str, ttl_s: float, guard: str) -> bool | None:
        with self._lock:
            if self._live(guard) is not None:
                return None
            entries = self._map(name)
            new = key not in entries
            entries[key] = value
            self._keep(name, entries, ttl_s)
            return new

    def hget(self, name: str, key: str) -> str | None:
        with self._lock:
            return self._map(name).get(key)

    def hgetall(self, name: str) -> dict[str, str]:
        with self._lock:
            return dict(self._map(name))

    def hlen(self, name: str) -> int:
        with self._lock:
            return len(self._map(name))

    def hdel(self, name: str, *keys: str) -> None:
        with self._lock:
            entries = self._map(name)
            for key in keys:
                entries.pop(key, None)

    def incr(self, name: str, ttl_s: float) -> int:
        with self._lock:
            value = int(self._live(name) or 0) + 1
            self._keep(name, value, ttl_s)
            return value

    def count(self, name: str) -> int:
        with self._lock:
            value = self._live(name)
            return value if isinstance(value, int) else 0

    def touch(self, ttl_s: float, *names: str) -> None:
        with self._lock:
            for name in names:
                value = self._live(name)
                if value is not None:
                    self._records[name] = (value, time.time() + ttl_s)

    def delete(self, *names: str) -> None:
        with self._lock:
            for name in names:
                self._records.pop(name, None)
