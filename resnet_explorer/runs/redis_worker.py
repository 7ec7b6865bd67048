"""A worker of the shared set-up: `python -m resnet_explorer.runs.redis_worker redis://host:6379/0`.

It takes runs from the queue's consumer group (XREADGROUP: each run goes to one worker), runs each
with the one worker loop (worker.run_one), writes every event into the run's stream, and acknowledges
the run when it has ended (XACK). While a run trains, the worker renews its claim on the run's queue
entry between steps (XCLAIM to itself, which resets the entry's idle time in the group's pending
list); a worker that is killed stops renewing, and after redis_store.LOST_AFTER_S any process
(another worker between runs, or a replica a page polls) takes the entry with XAUTOCLAIM and ends
the run as lost for every watcher. A worker that finds its claim taken stops the run it holds.
"""

from __future__ import annotations

import os
import socket
import sys
import time

from .base import Event
from .redis_store import GROUP, QUEUE, P, RedisStore
from .worker import prepare_process, run_one

RENEW_EVERY_S = 2.0
READ_EVERY_S = 0.5  # stop and watch news are read at most this often (a step may be 50 ms)


class RedisChannel:
    def __init__(self, store: RedisStore, key: str, entry_id: str, consumer: str):
        self.store, self.key, self.entry_id, self.consumer = store, key, entry_id, consumer
        self._renewed, self._ours = time.monotonic(), True
        self._read_at, self._stop, self._watched = 0.0, False, time.time()

    def emit(self, event: Event) -> None:
        self.store.append(self.key, event)

    def _news(self) -> None:
        if time.monotonic() - self._read_at >= READ_EVERY_S:
            self._read_at = time.monotonic()
            self._stop = self.store.stop_requested(self.key)
            self._watched = self.store.last_watch(self.key)

    def stop_requested(self) -> bool:
        self._news()
        return self._stop

    def last_watch(self) -> float:
        self._news()
        return self._watched

    def owned(self) -> bool:
        if self._ours and time.monotonic() - self._renewed >= RENEW_EVERY_S:
            self._renewed = time.monotonic()
            claimed = self.store.r.xclaim(QUEUE, GROUP, self.consumer, 0, [self.entry_id], justid=True)
            self._ours = bool(claimed)
        return self._ours


def serve(url: str, block_ms: int = 2000) -> None:
    """Take runs from the queue and run them, forever."""
    prepare_process()
    store = RedisStore(url)
    consumer = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        store.reap()
        got = store.r.xreadgroup(GROUP, consumer, {QUEUE: ">"}, count=1, block=block_ms)
        if not got:
            continue
        entry_id, fields = got[0][1][0]
        key = fields.get("key", "")
        h = store.r.hmget(P + "run:" + key, "run_id", "ended", "idle_s")
        request = store.request(key)
        if request is not None and h[0] == fields.get("run_id") and h[1] == "":
            run_one(request, RedisChannel(store, key, entry_id, consumer), float(h[2] or store.idle_s))
        store.r.xack(QUEUE, GROUP, entry_id)
        store.r.xdel(QUEUE, entry_id)


def main(argv: list[str]) -> None:
    if len(argv) != 1 or not argv[0].startswith(("redis://", "rediss://", "unix://")):
        sys.exit("usage: python -m resnet_explorer.runs.redis_worker redis://host:port/0")
    serve(argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
