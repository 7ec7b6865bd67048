"""Jobs kept in Redis, so that every replica of the app shares identical runs, and the workers that
take them from a Redis queue (on this machine or others: GPU workers on a department set-up).

Why Redis alone, not RQ: a lab run is not a function call with a result at the end but a stream of
steps that many sessions on many replicas watch, stop and abandon; RQ would still need all of that
built beside it (and pickles its job arguments by default). Here everything is plain Redis types
holding JSON, so nothing read from Redis can make a process run code:

    rex:run:<key>    hash: state, message, reason, task, estimate, meta, steps, started, finished,
                     heartbeat (the worker's, every second), cancel ("" / "stopped" / "cancelled");
                     for a lesson's experiment (lesson_tasks.py) also label and result (JSON)
    rex:steps:<key>  list: one JSON step event (the traces' new numbers) per step
    rex:watch:<key>  hash: session token -> last poll (unix time); the worker cancels an unwatched run
    rex:queue        list of run keys, first in first out (LPOS is a run's place in line)
    rex:busy         set of keys being trained

A run whose worker stopped sending heartbeats, or whose record is gone (Redis restarted without
its data), is reported to its watchers as lost.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time

from ..config import NetConfig
from . import jobs, workers
from .trace import Trace
from .training import TrainConfig

P = "rex:"
HEARTBEAT_S = 1.0
LOST_AFTER_S = 15.0  # no heartbeat for this long: the worker is gone
KEEP_S = 3600  # finished runs are kept an hour for late askers
LOST = "this run's training process stopped sending news (the server or a worker was restarted), " \
       "so the run is lost; start it again to retry"
GONE = "this run's record is gone (the job store was restarted), so the run is lost; start it again"

# Create the run, or join it when it is queued, running (with a live worker) or done; one atomic
# step across replicas.
CREATE = """
local s = redis.call('HGET', KEYS[1], 'state')
local beat = tonumber(redis.call('HGET', KEYS[1], 'heartbeat') or '0')
if s == 'queued' or s == 'done' then return 0 end
if s == 'running' and beat > tonumber(ARGV[3]) - tonumber(ARGV[5]) then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'state', 'queued', 'task', ARGV[1], 'estimate', ARGV[2], 'created', ARGV[3],
           'steps', 0, 'cancel', '', 'message', '', 'reason', '', 'label', '', 'result', '')
redis.call('RPUSH', KEYS[4], ARGV[4])
return 1
"""


def _client(url: str):
    import redis

    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)


class RedisStore:
    """The replica's side: submit, join, watch; RedisJob objects shared by this replica's sessions."""

    def __init__(self, url: str, idle_timeout: float = jobs.IDLE_TIMEOUT_S):
        self.r = _client(url)
        self.idle_timeout = idle_timeout
        self._create = self.r.register_script(CREATE)
        self._jobs: dict[str, RedisJob] = {}
        self._lock = threading.Lock()

    def submit(self, net_cfg: NetConfig, train: TrainConfig, est: jobs.Estimate,
               budget: jobs.Budget) -> tuple[RedisJob, str]:
        key = jobs.run_key(net_cfg, train, "shared")
        task = {"net": net_cfg.as_dict(), "train": vars(train), "device": "auto",
                "max_seconds": budget.max_seconds, "idle_timeout": self.idle_timeout}
        return self._submit(key, task, est, lambda: RedisJob(self.r, key, net_cfg, train, est))

    def submit_lesson(self, request) -> tuple[RedisJob, str]:
        """A lesson's experiment (lesson_tasks.LessonRequest), shared by every replica."""
        est = jobs.Estimate(request.seconds, 0, 1, 0, 0)
        task = request.task() | {"idle_timeout": self.idle_timeout}
        return self._submit(request.key, task, est,
                            lambda: RedisJob(self.r, request.key, None, None, est, request.units))

    def _submit(self, key: str, task: dict, est: jobs.Estimate, make) -> tuple[RedisJob, str]:
        token = os.urandom(16).hex()
        # The watcher goes in first, so a worker never sees the new run unwatched.
        self.r.hset(P + "watch:" + key, token, time.time())
        created = self._create(keys=[P + "run:" + key, P + "steps:" + key, P + "watch:" + key, P + "queue"],
                               args=[json.dumps(task), json.dumps(vars(est)), time.time(), key, LOST_AFTER_S])
        if created:
            self.r.hset(P + "watch:" + key, token, time.time())
        with self._lock:
            job = self._jobs.get(key)
            if job is None or created:
                job = self._jobs[key] = make()
                while len(self._jobs) > 64:
                    self._jobs.pop(next(iter(self._jobs)))
        return job, token

    def rejoin(self, key: str) -> tuple[RedisJob | jobs.LostJob, str]:
        h = self.r.hgetall(P + "run:" + key) if len(key) == 32 and key.isalnum() else {}
        if not h:
            return jobs.LostJob(key), ""
        with self._lock:
            job = self._jobs.get(key)
        if job is None:
            task, est = json.loads(h["task"]), json.loads(h["estimate"])
            job = RedisJob(self.r, key, NetConfig(**task["net"]), TrainConfig(**task["train"]),
                           jobs.Estimate(**est))
            with self._lock:
                job = self._jobs.setdefault(key, job)
        token = os.urandom(16).hex()
        self.r.hset(P + "watch:" + key, token, time.time())
        return job, token

    def active(self) -> int:
        return self.r.llen(P + "queue") + self.r.scard(P + "busy")


class RedisJob:
    """A run kept in Redis, with the same interface as jobs.Job (poll, stop, state, wait)."""

    def __init__(self, r, key: str, net_cfg: NetConfig | None, train: TrainConfig | None,
                 est: jobs.Estimate, steps_total: int | None = None):
        self.r, self.key = r, key
        self.net_cfg, self.train, self.estimate = net_cfg, train, est
        # A lab run counts its training steps; a lesson task (net_cfg None) its own units.
        self.steps_total = train.steps if train is not None else steps_total or 0
        self._traces: list[Trace] = []
        self._read = 0  # step events already taken in
        self._lock = threading.Lock()

    def _fields(self) -> dict:
        return self.r.hgetall(P + "run:" + self.key)

    def _state(self, h: dict) -> tuple[jobs.State, str, str]:
        if not h:
            return jobs.State.FAILED, GONE, "lost"
        state = jobs.State(h["state"])
        beat = float(h.get("heartbeat") or h["created"])
        if state is jobs.State.RUNNING and time.time() - beat > LOST_AFTER_S:
            return jobs.State.FAILED, LOST, "lost"
        return state, h.get("message", ""), h.get("reason", "")

    @property
    def state(self) -> jobs.State:
        return self._state(self._fields())[0]

    @property
    def steps_done(self) -> int:
        return int(self._fields().get("steps", 0))

    def poll(self, token: str | None = None) -> jobs.Snapshot:
        pipe = self.r.pipeline()
        if token:
            pipe.hset(P + "watch:" + self.key, token, time.time())
        pipe.hgetall(P + "run:" + self.key)
        pipe.lpos(P + "queue", self.key)
        with self._lock:
            pipe.lrange(P + "steps:" + self.key, self._read, -1)
            *_, h, pos, events = pipe.execute()
            if h.get("meta") and not self._traces:
                self._traces = [workers.trace_from_meta(m) for m in json.loads(h["meta"])]
            for raw in events:
                for tr, delta in zip(self._traces, json.loads(raw)["nets"]):
                    workers.apply_delta(tr, delta)
            self._read += len(events)
            n = min((len(tr) for tr in self._traces), default=0)
            traces = [tr.head(n) for tr in self._traces]
        if self.net_cfg is None:  # a lesson task: progress in its own units, no traces
            n = int(h.get("steps") or 0)
        state, message, reason = self._state(h)
        start, end = float(h.get("started") or 0), float(h.get("finished") or 0)
        elapsed = ((end or time.time()) - start) if start else 0.0
        total = self.steps_total
        result = json.loads(h["result"]) if h.get("result") and state is jobs.State.DONE else None
        return jobs.Snapshot(state, n, total, (pos + 1) if pos is not None else 0, elapsed,
                             jobs.eta(state, self.estimate, n, total, elapsed), message, traces,
                             self.estimate, reason, result, h.get("label", ""))

    def stop(self, token: str | None = None) -> None:
        watch = P + "watch:" + self.key
        if token:
            self.r.hdel(watch, token)
        if token is None or not self.r.hlen(watch):
            self.r.hset(P + "run:" + self.key, "cancel", "stopped")

    def wait(self, timeout: float | None = None) -> bool:
        end = time.monotonic() + (timeout if timeout is not None else 1e9)
        while time.monotonic() < end:
            if not self.state.active:
                return True
            time.sleep(0.1)
        return False


# -- the worker's side ----------------------------------------------------------------------------

def _should_stop(r, key: str, idle_timeout: float, created: float) -> str:
    cancel, polls = r.hget(P + "run:" + key, "cancel"), r.hvals(P + "watch:" + key)
    if cancel:
        return cancel
    last = max((float(v) for v in polls), default=created)
    return "cancelled" if time.time() - last > idle_timeout else ""


def _beat(r, current: dict, stop: threading.Event) -> None:
    """Heartbeat of the run in progress, even inside a long step; kills the process if a step
    runs far past the run's time budget (the start script starts a new worker)."""
    while not stop.wait(HEARTBEAT_S):
        key = current.get("key")
        if key:
            r.hset(P + "run:" + key, "heartbeat", time.time())
            if time.time() - current["t0"] > current["max_seconds"] + jobs.OVER_TIME_GRACE_S:
                elapsed = time.time() - current["t0"]
                r.hset(P + "run:" + key, mapping={
                    "state": "failed", "reason": "over_time", "finished": time.time(),
                    "message": workers.over_time_message(elapsed, current["max_seconds"])})
                r.srem(P + "busy", key)
                os._exit(3)


def serve_redis(url: str) -> None:
    """A worker: take run keys from the queue, train, write every step to Redis; forever."""
    workers.prepare_process()
    r = _client(url)
    current: dict = {}
    threading.Thread(target=_beat, args=(r, current, threading.Event()), daemon=True).start()
    while True:
        popped = r.blpop([P + "queue"], timeout=5)
        if popped:
            _take(r, popped[1], current)


def _take(r, key: str, current: dict) -> None:
    run = P + "run:" + key
    h = r.hgetall(run)
    if not h or h.get("state") != "queued":
        return
    task = json.loads(h["task"])
    created = float(h["created"])
    reason = _should_stop(r, key, task["idle_timeout"], created)
    if reason:  # stopped or abandoned while it waited
        r.hset(run, mapping={"state": reason, "finished": time.time()})
        r.expire(run, KEEP_S)
        return
    now = time.time()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    r.hset(run, mapping={"state": "running", "started": now, "heartbeat": now, "worker": worker})
    r.sadd(P + "busy", key)
    current.update(key=key, t0=now, max_seconds=task["max_seconds"])
    try:
        workers.run_task(task, lambda: _should_stop(r, key, task["idle_timeout"], created),
                         lambda event: _record(r, key, event))
    finally:
        current.clear()
        r.srem(P + "busy", key)


def _record(r, key: str, event: dict) -> None:
    run = P + "run:" + key
    kind = event["ev"]
    if kind == "start":
        r.hset(run, "meta", json.dumps(event["nets"]))
    elif kind == "step":
        pipe = r.pipeline()
        pipe.rpush(P + "steps:" + key, json.dumps(event))
        pipe.hset(run, mapping={"steps": event["steps"], "heartbeat": time.time()})
        pipe.execute()
    elif kind == "progress":
        r.hset(run, mapping={"steps": event["steps"], "label": event.get("label", ""),
                             "heartbeat": time.time()})
    elif kind == "end":
        pipe = r.pipeline()
        pipe.hset(run, mapping={"state": event["state"], "message": event.get("message", ""),
                                "reason": event.get("reason", ""), "steps": event["steps"],
                                "finished": time.time(),
                                "result": json.dumps(event["result"]) if "result" in event else ""})
        for name in ("run:", "steps:", "watch:"):
            pipe.expire(P + name + key, KEEP_S)
        pipe.execute()
