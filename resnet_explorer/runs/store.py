"""The store interface: where runs, their events and the pages watching them are kept, and where small
shared records live (a class's state). Two implementations behind it, with the same tests:

- `memory.MemoryStore`: one server process, the default (`streamlit run app.py` needs nothing else);
  its queue is served by this process's dispatchers and their child worker processes (scheduler.py).
- `redis_store.RedisStore`: every replica of the app and every worker machine share one Redis;
  events are Redis Streams, the queue a consumer group.

A run's events are read by every watcher from its own cursor, so a late joiner replays the run and a
reconnect loses nothing. Everything stored is JSON: nothing read back can make a process run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .base import Event, Request


@dataclass(frozen=True)
class Reading:
    """One poll of a run: whether the store knows it, which incarnation it is (a run started again
    under the same key is another), the events after the reader's cursor with their ids, and its
    place in the queue (0: not waiting)."""

    known: bool
    run_id: str = ""
    events: tuple[tuple[str, Event], ...] = field(default=())
    position: int = 0


class Store(Protocol):
    # -- runs ---------------------------------------------------------------------------------
    def create(self, request: Request, token: str) -> bool:
        """Watch the run of `request` with `token`: join it when it is queued, running or done
        (False), else queue it afresh (True). Atomic across every process using the store."""

    def request(self, key: str) -> Request | None:
        """The request of a known run, None for one the store does not know (or no longer)."""

    def read(self, key: str, token: str | None, after: str) -> Reading:
        """Events after cursor `after` ("" for all); with a token, also records that page's poll."""

    def unwatch(self, key: str, token: str) -> int:
        """Forget one watching page; how many still watch."""

    def last_watch(self, key: str) -> float:
        """Wall-clock time of the latest poll of the run (its creation if never polled)."""

    def stop(self, key: str) -> None:
        """Ask the run to stop (its worker ends it between two steps)."""

    def stop_requested(self, key: str) -> bool: ...

    def append(self, key: str, event: Event) -> None:
        """Add an event at the end of the run's stream (an End also retires the run from the queue's
        count and keeps it a while for late readers)."""

    def active(self) -> int:
        """Runs queued or running, in all."""

    # -- small shared records, each with a time to live, read by every process -----------------
    def put(self, name: str, value: dict[str, Any], ttl_s: float) -> None: ...

    def get(self, name: str) -> dict[str, Any] | None: ...

    def hset(self, name: str, key: str, value: str, ttl_s: float) -> bool:
        """Set one entry of a map; True when the entry is new."""

    def hset_unless(self, name: str, key: str, value: str, ttl_s: float, guard: str) -> bool | None:
        """`hset`, unless the record `guard` exists: then nothing is set and the answer is None. One
        atomic step (a vote cannot land after the reveal that closed it)."""

    def hget(self, name: str, key: str) -> str | None: ...

    def hgetall(self, name: str) -> dict[str, str]: ...

    def hlen(self, name: str) -> int: ...

    def hdel(self, name: str, *keys: str) -> None: ...

    def incr(self, name: str, ttl_s: float) -> int:
        """Add one to a counter (made at 0), keep it `ttl_s` more seconds; the new value."""

    def count(self, name: str) -> int:
        """A counter's value (0 when there is none), leaving it as it is."""

    def touch(self, ttl_s: float, *names: str) -> None:
        """Keep the records, maps and counters of these names that exist `ttl_s` more seconds."""

    def delete(self, *names: str) -> None: ...
