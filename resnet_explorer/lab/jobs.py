"""Training jobs for a classroom server: many browser sessions, few cores.

A run trains in a worker process (`workers.py`), never in the web server's; sessions poll it. One
registry serves the whole server process: the app makes it once (`st.cache_resource`).

- `RunLimiter`: at most `slots` nets train at once and at most `runs` runs (one a worker process),
  first come first served, with a visible queue position. A net trains on one thread, so on 2
  cores one worker running a twin run (its two nets step in parallel) fills what the web server
  leaves.
- `Registry`: identical requests (same fitted net config, train config and device) share one job,
  which streams to every session that polls it; finished runs are kept a while for late askers.
  With `RESNET_EXPLORER_REDIS_URL` set, jobs live in Redis instead (`store.py`), shared by every
  replica of the app and trained by workers that take them from a Redis queue.

A lesson's experiment (lesson_tasks.py: the degradation lesson's four nets, the lesion study's
retraining, the gradient-flow sweep) is a job of the same kind (`LessonJob`, `submit_lesson`): queued
with the runs, trained by the same workers, shared between sessions that ask for the same one.

A run nobody has polled for `idle_timeout` seconds (the tab was closed) is cancelled and its worker
freed; Stop detaches a session and cancels the run once no session is left. A run whose estimated
memory or time is over the budget is refused before it starts, and stopped with a message if it
runs past the time budget anyway. A worker that dies ends its run with a message, not a hang.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum

import torch

from ..config import NetConfig
from . import workers

# The UI and the benchmarks read these as jobs.*: one module for everything about runs.
from .budget import (  # noqa: F401
    CORES,
    DEFAULT_SLOTS,
    THREADS_PER_NET,
    Budget,
    Estimate,
    Refused,
    configure_threads,
    estimate,
)
from .trace import Trace
from .training import TrainConfig, default_device, lab_config

IDLE_TIMEOUT_S = 30.0
REDIS_ENV = "RESNET_EXPLORER_REDIS_URL"
# A step is never cut short: past its budget a run stops at the next step; a worker still busy this
# long after the budget (one huge step) is killed.
OVER_TIME_GRACE_S = 10.0
WORKER_START_S = 60.0  # the most a worker may take to import torch on a busy machine


class State(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"  # every watching session pressed Stop
    CANCELLED = "cancelled"  # nobody polled it for IDLE_TIMEOUT_S
    DIVERGED = "diverged"
    FAILED = "failed"  # an error, the time budget, a dead worker or a lost run: see the message

    @property
    def active(self) -> bool:
        return self in (State.QUEUED, State.RUNNING)


class RunLimiter:
    """A counting semaphore that serves waiters in order and can say where each one stands:
    a run needs its nets' slots and one of the `runs` worker processes."""

    def __init__(self, slots: int = DEFAULT_SLOTS, runs: int | None = None):
        self.slots = slots
        self.runs = runs or workers.default_workers()
        self._free, self._free_runs = slots, self.runs
        self._queue: list[object] = []
        self._cond = threading.Condition()

    def acquire(self, owner: object, n: int, give_up) -> bool:
        """Wait for n slots (at most all of them) and a worker; False if `give_up()` turned true first."""
        n = min(n, self.slots)
        with self._cond:
            self._queue.append(owner)
            try:
                while not (self._queue[0] is owner and self._free >= n and self._free_runs >= 1):
                    if give_up():
                        return False
                    self._cond.wait(timeout=0.25)
                self._free -= n
                self._free_runs -= 1
                return True
            finally:
                self._queue.remove(owner)
                self._cond.notify_all()

    def release(self, n: int) -> None:
        with self._cond:
            self._free = min(self.slots, self._free + min(n, self.slots))
            self._free_runs = min(self.runs, self._free_runs + 1)
            self._cond.notify_all()

    def position(self, owner: object) -> int:
        """1 for the next in line, 2 behind it...; 0 when not waiting."""
        with self._cond:
            return self._queue.index(owner) + 1 if owner in self._queue else 0

    @property
    def free(self) -> int:
        return self._free


@dataclass
class Snapshot:
    """What a session draws: plain values, safe to keep after the job moves on."""

    state: State
    steps_done: int
    steps_total: int
    queue_position: int
    elapsed_s: float
    eta_s: float
    message: str
    traces: list[Trace] = field(default_factory=list)
    estimate: Estimate | None = None
    # Why a FAILED run failed, for a translated sentence: "over_time", "worker_died", "lost" or "".
    reason: str = ""
    result: dict | None = None  # a lesson task's result (plain JSON values), once DONE
    label: str = ""  # what a lesson task is working on now (a net's name)


def run_key(net_cfg: NetConfig, train: TrainConfig, device: str = "") -> str:
    """A run's name, the same in every process: what a link can carry to find the run again."""
    text = json.dumps([lab_config(net_cfg).as_dict(), vars(train), device], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


LOST_MESSAGE = ("this run is no longer known to the server (it was restarted, or the run ended long "
                "ago), so its results are lost; start it again")


class LostJob:
    """What a link to an unknown run finds: a run that says it was lost, instead of nothing."""

    net_cfg = train = estimate = None
    state, steps_done = State.FAILED, 0

    def __init__(self, key: str):
        self.key = key

    def poll(self, token: str | None = None) -> Snapshot:
        return Snapshot(State.FAILED, 0, 0, 0, 0.0, 0.0, LOST_MESSAGE, [], None, "lost")

    def stop(self, token: str | None = None) -> None:
        pass

    def wait(self, timeout: float | None = None) -> bool:
        return True


def eta(state: State, estimate: Estimate, steps_done: int, steps_total: int, elapsed: float) -> float:
    if state is State.QUEUED or steps_done == 0:
        return estimate.seconds
    return 0.0 if not state.active else elapsed / steps_done * (steps_total - steps_done)


def died_message(code: int | None, steps: int) -> str:
    how = f"was killed (signal {-code})" if code is not None and code < 0 else f"exited (code {code})"
    return (f"the training process {how} after {steps} steps, so this run is lost; "
            f"start it again to retry")


class Job:
    """One run, trained by a worker process; this object (in the server) streams its trace in."""

    def __init__(self, net_cfg: NetConfig, train: TrainConfig, est: Estimate, limiter: RunLimiter,
                 device: torch.device, idle_timeout: float = IDLE_TIMEOUT_S,
                 pool: workers.Pool | None = None, max_seconds: float = Budget().max_seconds):
        self.net_cfg, self.train, self.device = net_cfg, train, device
        task = {"op": "run", "net": net_cfg.as_dict(), "train": vars(train).copy(),
                "device": str(device), "max_seconds": max_seconds}
        self._setup(run_key(net_cfg, train, str(device)), task, est, train.steps, 2 if train.twin else 1,
                    limiter, idle_timeout, pool, max_seconds)

    def _setup(self, key: str, task: dict, est: Estimate, steps_total: int, slots: int,
               limiter: RunLimiter, idle_timeout: float, pool: workers.Pool | None,
               max_seconds: float) -> None:
        self.key, self.task, self.estimate = key, task, est
        self.steps_total, self.slots = steps_total, slots
        self.limiter, self.idle_timeout = limiter, idle_timeout
        self.pool, self.max_seconds = pool or workers.Pool(1), max_seconds
        self.state, self.message, self.reason = State.QUEUED, "", ""
        self.result: dict | None = None
        self.label = ""
        self.steps_done = 0
        self.worker_pid: int | None = None
        self._traces: list[Trace] = []
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._cancel_state = State.STOPPED
        self._watchers: dict[str, float] = {}
        self._started = self._finished = 0.0
        self._deadline = float("inf")
        self._created = time.monotonic()
        self._thread = threading.Thread(target=self._work, daemon=True, name="lab-job")

    # -- sessions ---------------------------------------------------------------------------
    def watch(self) -> str:
        token = uuid.uuid4().hex
        with self._lock:
            self._watchers[token] = time.monotonic()
        return token

    def poll(self, token: str | None = None) -> Snapshot:
        with self._lock:
            if token in self._watchers:
                self._watchers[token] = time.monotonic()
            n = self.steps_done
            traces = [tr.head(n) for tr in self._traces]
            state, message, reason = self.state, self.message, self.reason
            start, end = self._started, self._finished
            result, label = self.result, self.label
        elapsed = ((end or time.perf_counter()) - start) if start else 0.0
        total = self.steps_total
        return Snapshot(state, n, total, self.limiter.position(self), elapsed,
                        eta(state, self.estimate, n, total, elapsed), message, traces, self.estimate, reason,
                        result, label)

    def stop(self, token: str | None = None) -> None:
        """This session stops watching; the run stops when no session is watching any more."""
        with self._lock:
            self._watchers.pop(token, None)
            if token is None or not self._watchers:
                self._cancel_state = State.STOPPED
                self._cancel.set()

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- driving the worker -----------------------------------------------------------------
    def _unwatched(self) -> bool:
        with self._lock:
            last = max(self._watchers.values(), default=self._created)
        if time.monotonic() - last > self.idle_timeout and not self._cancel.is_set():
            self._cancel_state = State.CANCELLED
            self._cancel.set()
        return self._cancel.is_set()

    def _finish(self, state: State, message: str = "", reason: str = "") -> None:
        with self._lock:
            self.state, self.message, self.reason = state, message, reason
            self._finished = time.perf_counter()

    def _work(self) -> None:
        slots = self.slots
        if not self.limiter.acquire(self, slots, self._unwatched):
            return self._finish(self._cancel_state)
        worker = None
        try:
            with self._lock:
                self.state, self._started = State.RUNNING, time.perf_counter()
            worker = self.pool.take()
            self.worker_pid = worker.pid
            if worker.send(self.task):
                self._drive(worker)
            else:
                self._finish(State.FAILED, died_message(worker.proc.poll(), 0), "worker_died")
        except Exception as e:  # shown to the user; the server carries on
            self._finish(State.FAILED, f"{type(e).__name__}: {e}")
        finally:
            if worker is not None:
                self.pool.give(worker)
            self.limiter.release(slots)

    def _drive(self, worker: workers.WorkerProcess) -> None:
        stop_sent = False
        # A cold worker may still be importing torch: its clock starts at its "start" event.
        self._deadline = time.perf_counter() + WORKER_START_S + self.max_seconds + OVER_TIME_GRACE_S
        while True:
            try:
                event = worker.events.get(timeout=0.25)
            except queue.Empty:
                event = {"ev": "tick"}
            if event is None:
                code = worker.proc.wait(5)
                return self._finish(State.FAILED, died_message(code, self.steps_done), "worker_died")
            if self._handle(event):
                return
            if not stop_sent and self._unwatched():
                stop_sent = worker.send({"op": "stop"})
            # The worker stops a run at its budget between steps; this is for a step that never ends.
            if time.perf_counter() > self._deadline:
                worker.kill()
                elapsed = time.perf_counter() - self._started
                return self._finish(State.FAILED, workers.over_time_message(elapsed, self.max_seconds),
                                    "over_time")

    def _handle(self, event: dict) -> bool:
        """Take in one worker event; True when the run has ended."""
        kind = event.get("ev")
        if kind == "start":
            self._deadline = time.perf_counter() + self.max_seconds + OVER_TIME_GRACE_S
            traces = [workers.trace_from_meta(meta) for meta in event["nets"]]
            with self._lock:
                self._traces = traces
        elif kind == "step":
            with self._lock:
                for tr, delta in zip(self._traces, event["nets"]):
                    workers.apply_delta(tr, delta)
                self.steps_done = event["steps"]
        elif kind == "progress":
            with self._lock:
                self.steps_done, self.label = event["steps"], event.get("label", "")
        elif kind == "end":
            state = State(event["state"])
            if state is State.STOPPED:
                state = self._cancel_state
            with self._lock:
                steps = event["steps"]
                if self.net_cfg is not None:  # a lab run: the steps its traces hold
                    steps = min(steps, min((len(tr) for tr in self._traces), default=0))
                self.steps_done, self.result = steps, event.get("result")
            self._finish(state, event.get("message", ""), event.get("reason", ""))
            return True
        return False


class LessonJob(Job):
    """A lesson's experiment (lesson_tasks.LessonRequest) in a worker process: progress while it
    runs, its result (plain JSON) at the end. Same queue, workers and time budget as a lab run."""

    net_cfg = train = None

    def __init__(self, request, limiter: RunLimiter, idle_timeout: float = IDLE_TIMEOUT_S,
                 pool: workers.Pool | None = None):
        self.request = request
        est = Estimate(request.seconds, 0, 1, 0, 0)
        self._setup(request.key, request.task(), est, request.units, 1, limiter, idle_timeout, pool,
                    request.max_seconds)


class Registry:
    """Jobs by run key: an identical request joins the running (or finished) job.

    In-process (the default) a pool of worker processes trains; with a Redis URL (argument or
    RESNET_EXPLORER_REDIS_URL) jobs are kept in Redis and shared by every replica."""

    def __init__(self, limiter: RunLimiter, budget: Budget | None = None, keep_done: int = 16,
                 idle_timeout: float = IDLE_TIMEOUT_S, pool: workers.Pool | None = None,
                 redis_url: str | None = None, warm: bool = True):
        self.limiter, self.budget, self.keep_done = limiter, budget or Budget(), keep_done
        self.idle_timeout = idle_timeout
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        redis_url = redis_url if redis_url is not None else os.environ.get(REDIS_ENV, "")
        self.store = None
        if redis_url:
            from .store import RedisStore

            self.store = RedisStore(redis_url, idle_timeout)
        self.pool = pool or workers.Pool(limiter.runs)
        if warm and self.store is None:
            self.pool.warm()

    def submit(self, net_cfg: NetConfig, train: TrainConfig, budget: Budget | None = None,
               device: torch.device | None = None) -> tuple[Job, str]:
        """The job for this run (new or shared) and a watcher token; raises Refused if over budget."""
        device = device or default_device()
        budget = budget or self.budget
        est = estimate(net_cfg, train, device)
        reasons = est.over(budget)
        if reasons:
            raise Refused(est, budget, reasons)
        if self.store is not None:
            return self.store.submit(net_cfg, train, est, budget)
        return self._join(run_key(net_cfg, train, str(device)),
                          lambda: Job(net_cfg, train, est, self.limiter, device, self.idle_timeout,
                                      self.pool, budget.max_seconds))

    def submit_lesson(self, request) -> tuple[Job, str]:
        """The job for a lesson's experiment (lesson_tasks.LessonRequest), new or shared with every
        session that asked for the same one, and a watcher token. Its time budget is the request's."""
        if self.store is not None:
            return self.store.submit_lesson(request)
        return self._join(request.key, lambda: LessonJob(request, self.limiter, self.idle_timeout, self.pool))

    def _join(self, key: str, make) -> tuple[Job, str]:
        """Watch the job named `key`: the queued, running or finished one, else a new one from `make()`."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None or not (job.state.active or job.state is State.DONE):
                job = make()
                self._jobs[key] = job
                token = job.watch()
                job.start()
            else:
                token = job.watch()
            self._jobs.move_to_end(key)
            self._forget_old()
        return job, token

    def rejoin(self, key: str) -> tuple[Job | LostJob, str]:
        """Watch the run named `key` again (a link that carries it, after a reconnect); a LostJob
        that says so when the server no longer knows it."""
        if self.store is not None:
            return self.store.rejoin(key)
        with self._lock:
            job = self._jobs.get(key)
        if job is None or isinstance(job, LessonJob):  # a link names lab runs only
            return LostJob(key), ""
        return job, job.watch()

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if not j.state.active]
        for k in finished[:max(0, len(finished) - self.keep_done)]:
            del self._jobs[k]

    def active(self) -> int:
        if self.store is not None:
            return self.store.active()
        with self._lock:
            return sum(j.state.active for j in self._jobs.values())

    def close(self) -> None:
        """End the idle workers (tests, a server shutting down)."""
        self.pool.close()
