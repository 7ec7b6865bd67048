"""The default back end's scheduler: the memory store's queue, served by one dispatcher thread per
worker process. A dispatcher sleeps on the queue until a run is submitted (no polling), hands the run
to its own long-lived child worker (runs/worker.py over stdin/stdout; ~2 s and ~220 MB to start, so
it is started once and kept), and copies the worker's events into the store as they come, passing
Stop and the pages' latest poll back to the worker. A worker that dies ends its run with a message
(and is started again for the next run); one silent far past its run's budget is killed as hung.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

from .base import (
    GRACE_S,
    End,
    Reason,
    Request,
    Start,
    State,
    died_message,
    end_now,
    from_wire,
    over_time,
    over_time_message,
)
from .memory import MemoryStore

WORKERS_ENV = "RESNET_EXPLORER_WORKERS"
START_S = 60.0  # the most a fresh worker may take to import torch on a busy machine
WATCH_EVERY_S = 2.0  # how often the pages' latest poll is passed on to the worker


def default_workers() -> int:
    """Runs at once: one a core (the workers run at a lower priority than the pages)."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "")))
    except ValueError:
        return max(1, os.cpu_count() or 1)


class WorkerProcess:
    """One worker child process; its events arrive on `events` (None: the process has ended)."""

    def __init__(self) -> None:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))
        env = os.environ | {"PYTHONUNBUFFERED": "1", "PYTHONPATH": path}
        self.proc = subprocess.Popen([sys.executable, "-m", "resnet_explorer.runs.worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.events: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True, name="run-worker-read").start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("ev") == "ready":
                self.ready.set()
            else:
                self.events.put(msg)
        self.events.put(None)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, msg: dict) -> bool:
        try:
            self.proc.stdin.write(json.dumps(msg) + "\n")
            self.proc.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def kill(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait(10)

    def close(self) -> None:
        """Ask it to exit (end-of-file on its stdin), then make sure."""
        try:
            self.proc.stdin.close()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


class Scheduler:
    """`workers` dispatchers, each with its worker process, serving `store`'s queue."""

    def __init__(self, store: MemoryStore, workers: int | None = None, warm: bool = True):
        self.store = store
        self.size = workers or default_workers()
        self._procs: list[WorkerProcess | None] = [WorkerProcess() if warm else None
                                                   for _ in range(self.size)]
        self.running: dict[int, str] = {}  # dispatcher -> key of the run it serves
        self._threads = [threading.Thread(target=self._serve, args=(i,), daemon=True,
                                          name=f"run-dispatch-{i}") for i in range(self.size)]
        for thread in self._threads:
            thread.start()

    def pids(self) -> list[int]:
        return [p.pid for p in self._procs if p is not None and p.alive]

    def pid_of(self, key: str) -> int | None:
        """The worker process running `key` now (None if none)."""
        i = next((i for i, k in self.running.items() if k == key), None)
        proc = self._procs[i] if i is not None else None
        return proc.pid if proc is not None else None

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until every worker has started (benchmarks time runs, not start-up)."""
        for proc in self._procs:
            if proc is not None and not proc.ready.wait(timeout):
                raise RuntimeError(f"worker {proc.pid} did not start")

    def close(self) -> None:
        self.store.close_queue()
        for thread in self._threads:
            thread.join(5)
        for proc in self._procs:
            if proc is not None:
                proc.close()

    def _serve(self, i: int) -> None:
        while (key := self.store.take()) is not None:
            request = self.store.request(key)
            if request is None:
                continue
            self.running[i] = key
            try:
                self.store.append(key, self._dispatch(i, key, request))
            except Exception as e:  # the server carries on; the run says what happened
                self.store.append(key, end_now(State.FAILED, 0, f"{type(e).__name__}: {e}"))
            finally:
                self.running.pop(i, None)

    def _worker(self, i: int) -> WorkerProcess:
        proc = self._procs[i]
        if proc is None or not proc.alive:
            proc = self._procs[i] = WorkerProcess()
        return proc

    def _dispatch(self, i: int, key: str, request: Request) -> End:
        """Run one request on worker i, copying its events into the store; the End it ended with."""
        proc = self._worker(i)
        store = self.store
        watched = store.last_watch(key)
        if not proc.send({"op": "run", "request": request.to_wire(), "idle_s": store.idle_s,
                          "watched": watched}):
            return self._died(i, proc, 0)
        since, done, stop_sent, told = time.time(), 0, False, time.monotonic()
        allowed = START_S + request.max_seconds + GRACE_S
        while True:
            try:
                msg = proc.events.get(timeout=1.0)
            except queue.Empty:
                msg = {}
            if msg is None:
                return self._died(i, proc, done)
            if msg:
                event = from_wire(msg)
                if isinstance(event, End):
                    return event
                if isinstance(event, Start) and done == 0:
                    since, allowed = time.time(), request.max_seconds + GRACE_S
                done = getattr(event, "done", done)
                store.append(key, event)
            if not stop_sent and store.stop_requested(key):
                stop_sent = proc.send({"op": "stop"})
            if time.monotonic() - told >= WATCH_EVERY_S and store.last_watch(key) > watched:
                watched, told = store.last_watch(key), time.monotonic()
                proc.send({"op": "watch", "at": watched})
            # The worker ends a run at its budget between steps; this is for a step that never ends.
            if over_time(time.time() - since, allowed):
                proc.kill()
                self._procs[i] = None
                elapsed = time.time() - since
                return end_now(State.FAILED, done, over_time_message(elapsed, request.max_seconds),
                               Reason.OVER_TIME)

    def _died(self, i: int, proc: WorkerProcess, done: int) -> End:
        code = proc.proc.wait(5)
        self._procs[i] = None
        return end_now(State.FAILED, done, died_message(code, done), Reason.WORKER_DIED)
