"""What a server process holds: one `Runs`, made once (the app caches it), over a store.

- `Runs.local()`: the memory store and this process's scheduler (child worker processes): what
  `streamlit run app.py` uses, needing nothing else.
- `Runs.redis(url)`: the shared store; workers are other processes (`python -m
  resnet_explorer.runs.redis_worker URL`) on this machine or others. `open_runs()` picks Redis when
  RESNET_EXPLORER_REDIS_URL is set.

Identical requests are one run: `submit` joins the queued, running or finished run of the same key.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections import OrderedDict

from .base import IDLE_TIMEOUT_S, Request, RunHandle
from .handle import Handle, Lost
from .memory import MemoryStore
from .scheduler import Scheduler
from .store import Store

REDIS_ENV = "RESNET_EXPLORER_REDIS_URL"
KEY = re.compile(r"[0-9a-f]{32}")  # Request.key's form, all a link may carry
KEEP_HANDLES = 128


class Runs:
    def __init__(self, store: Store, scheduler: Scheduler | None = None, keep: int = KEEP_HANDLES):
        self.store, self.scheduler, self.keep = store, scheduler, keep
        self._handles: OrderedDict[str, Handle] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def local(cls, workers: int | None = None, idle_s: float = IDLE_TIMEOUT_S, warm: bool = True) -> Runs:
        store = MemoryStore(idle_s)
        return cls(store, Scheduler(store, workers, warm))

    @classmethod
    def redis(cls, url: str, idle_s: float = IDLE_TIMEOUT_S) -> Runs:
        from .redis_store import RedisStore  # the redis client is needed only here

        return cls(RedisStore(url, idle_s))

    def submit(self, request: Request) -> tuple[Handle, str]:
        """The run of `request` (new, or the identical one already known) and this page's token."""
        token = uuid.uuid4().hex
        made = self.store.create(request, token)
        return self._handle(request, fresh=made), token

    def rejoin(self, key: str) -> tuple[RunHandle, str]:
        """Watch the run named `key` again (a link that carries it, after a reconnect); a Lost run
        that says so when the store does not know it."""
        request = self.store.request(key) if KEY.fullmatch(key) else None
        if request is None:
            return Lost(key), ""
        token = uuid.uuid4().hex
        handle = self._handle(request, fresh=False)
        handle.poll(token)
        return handle, token

    def active(self) -> int:
        return self.store.active()

    def close(self) -> None:
        """End the workers (tests, a server shutting down)."""
        if self.scheduler is not None:
            self.scheduler.close()

    def _handle(self, request: Request, fresh: bool) -> Handle:
        with self._lock:
            handle = self._handles.get(request.key)
            if handle is None or fresh:
                handle = self._handles[request.key] = Handle(self.store, request)
            self._handles.move_to_end(request.key)
            while len(self._handles) > self.keep:
                self._handles.popitem(last=False)
            return handle


def open_runs(url: str | None = None, workers: int | None = None) -> Runs:
    """Redis when a URL is given or RESNET_EXPLORER_REDIS_URL is set, else this process's own."""
    url = os.environ.get(REDIS_ENV, "") if url is None else url
    return Runs.redis(url) if url else Runs.local(workers)
