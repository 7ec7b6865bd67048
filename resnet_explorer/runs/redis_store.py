"""The shared store: every replica of the app and every worker (on this machine or others) meet in
one Redis, and rely on its own guarantees instead of hand-made ones:

    rex:ev:<key>     a Redis Stream per run: its events (XADD ... MAXLEN), read by every watcher from
                     its own last id (XRANGE), so a late joiner replays the run and a reconnect loses
                     nothing
    rex:queue        a Stream of run keys with the consumer group "workers" (XREADGROUP gives each run
                     to one worker; a run a worker took and has not acknowledged stays in the group's
                     pending list, and one whose worker stopped renewing it is taken by XAUTOCLAIM and
                     reported lost to every watcher)
    rex:run:<key>    a hash: the request, its incarnation (run_id), idle_s, stop, started, ended
    rex:watch:<key>  a hash: page token -> its last poll (wall clock)
    rex:active       the set of runs queued or running
    rex:rec:* rex:map:* rex:n:*   the small shared records (JSON text, maps, counters), with a time to live

Everything stored is JSON text: nothing read from Redis can make a process run code. Why not a job
library (RQ, Celery): a run here is a stream of steps that many pages on many replicas watch, stop
and abandon, which their call-and-result jobs do not carry, and both pickle by default.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from .base import IDLE_TIMEOUT_S, End, Event, Reason, Request, Start, State, end_now, from_wire, to_wire
from .store import Reading

P = "rex:"
QUEUE, GROUP = P + "queue", "workers"
KEEP_S = 3600  # a finished run is kept an hour for late askers
MAX_EVENTS = 100_000  # a run's stream is capped (approximately) at this many events
LOST_AFTER_S = 10.0  # a run its worker has not renewed for this long is taken for lost
REAP_EVERY_S = 2.0
LOST_WORKER = ("the worker training this run stopped answering (it was killed or its machine went "
               "away), so this run is lost; start it again to retry")

# Join the run when it is queued, running or done; else make it afresh and queue it. One atomic step
# across replicas (a Lua script runs alone).
CREATE = """
local ended = redis.call('HGET', KEYS[1], 'ended')
if ended == '' or ended == 'done' then
  redis.call('HSET', KEYS[3], ARGV[5], ARGV[3])
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'request', ARGV[1], 'run_id', ARGV[2], 'created', ARGV[3], 'idle_s', ARGV[6],
           'stop', '', 'started', '', 'ended', '')
redis.call('HSET', KEYS[3], ARGV[5], ARGV[3])
redis.call('XADD', KEYS[4], '*', 'key', ARGV[4], 'run_id', ARGV[2])
redis.call('SADD', KEYS[5], ARGV[4])
return 1
"""
# Add an event unless the run has ended (a late worker and the reaper may both try); an End ends it.
APPEND = """
if redis.call('HGET', KEYS[1], 'ended') ~= '' then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[1])
if ARGV[2] == 'start' and redis.call('HGET', KEYS[1], 'started') == '' then
  redis.call('HSET', KEYS[1], 'started', ARGV[5])
elseif ARGV[2] == 'end' then
  redis.call('HSET', KEYS[1], 'ended', ARGV[3])
  redis.call('SREM', KEYS[4], ARGV[6])
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[7]) end
end
return 1
"""


# hset unless the guard record exists, in one step (a vote closed by a reveal stays out).
HSET_UNLESS = """
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local new = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return new
"""
KINDS = ("rec:", "map:", "n:")


def client(url: str):
    import redis

    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)


class RedisStore:
    def __init__(self, url: str, idle_s: float = IDLE_TIMEOUT_S):
        self.r = client(url)
        self.idle_s = idle_s
        self._create = self.r.register_script(CREATE)
        self._append = self.r.register_script(APPEND)
        self._hset_unless = self.r.register_script(HSET_UNLESS)
        self._reaped = 0.0
        self.ensure_group()

    def ensure_group(self) -> None:
        import redis

        try:
            self.r.xgroup_create(QUEUE, GROUP, id="0", mkstream=True)
        except redis.ResponseError as e:  # BUSYGROUP: another process made it first
            if "BUSYGROUP" not in str(e):
                raise

    @staticmethod
    def _keys(key: str) -> list[str]:
        return [P + "run:" + key, P + "ev:" + key, P + "watch:" + key]

    # -- runs -----------------------------------------------------------------------------------
    def create(self, request: Request, token: str) -> bool:
        run, ev, watch = self._keys(request.key)
        made = self._create(keys=[run, ev, watch, QUEUE, P + "active"],
                            args=[json.dumps(request.to_wire()), uuid.uuid4().hex, time.time(), request.key,
                                  token, self.idle_s])
        return bool(made)

    def request(self, key: str) -> Request | None:
        text = self.r.hget(P + "run:" + key, "request")
        return Request.from_wire(json.loads(text)) if text else None

    def read(self, key: str, token: str | None, after: str) -> Reading:
        run, ev, watch = self._keys(key)
        pipe = self.r.pipeline()
        if token:
            pipe.hset(watch, token, time.time())
        pipe.hmget(run, "run_id", "started", "ended")
        pipe.xrange(ev, f"({after}" if after else "-", "+")
        *_, (run_id, started, ended), entries = pipe.execute()
        if run_id is None:
            return Reading(False)
        events = tuple((eid, from_wire(json.loads(fields["e"]))) for eid, fields in entries)
        position = self._position(key) if not started and ended == "" else 0
        if started and ended == "":
            self.reap()
        return Reading(True, run_id, events, position)

    def _position(self, key: str) -> int:
        """Place in line among the runs no worker has taken yet (1: next)."""
        groups = {g["name"]: g for g in self.r.xinfo_groups(QUEUE)}
        last = groups[GROUP]["last-delivered-id"] if GROUP in groups else "0-0"
        waiting = self.r.xrange(QUEUE, f"({last}", "+", count=1000)
        return next((i + 1 for i, (_, f) in enumerate(waiting) if f.get("key") == key), 0)

    def unwatch(self, key: str, token: str) -> int:
        watch = P + "watch:" + key
        pipe = self.r.pipeline()
        pipe.hdel(watch, token)
        pipe.hlen(watch)
        return int(pipe.execute()[1])

    def last_watch(self, key: str) -> float:
        polls = self.r.hvals(P + "watch:" + key)
        created = self.r.hget(P + "run:" + key, "created")
        return max((float(v) for v in polls), default=float(created or 0))

    def stop(self, key: str) -> None:
        if self.r.exists(P + "run:" + key):
            self.r.hset(P + "run:" + key, "stop", "1")

    def stop_requested(self, key: str) -> bool:
        return self.r.hget(P + "run:" + key, "stop") == "1"

    def append(self, key: str, event: Event) -> None:
        run, ev, watch = self._keys(key)
        kind = to_wire(event)["ev"]
        state = event.state.value if isinstance(event, End) else ""
        at = event.at if isinstance(event, Start) else time.time()
        self._append(keys=[run, ev, watch, P + "active"],
                     args=[json.dumps(to_wire(event)), kind, state, MAX_EVENTS, at, key, KEEP_S])

    def active(self) -> int:
        return int(self.r.scard(P + "active"))

    def reap(self, min_idle_s: float = LOST_AFTER_S) -> int:
        """Runs whose worker stopped renewing its claim (killed, or its machine gone): taken from the
        group's pending list (XAUTOCLAIM) and ended as lost for every watcher. At most once every
        REAP_EVERY_S per process; how many were reaped."""
        now = time.monotonic()
        if now - self._reaped < REAP_EVERY_S:
            return 0
        self._reaped = now
        _, claimed, *_ = self.r.xautoclaim(QUEUE, GROUP, "reaper", int(min_idle_s * 1000), "0-0", count=16)
        for entry_id, fields in claimed:
            key = fields.get("key", "")
            run_id = self.r.hget(P + "run:" + key, "run_id")
            if run_id == fields.get("run_id"):
                self.append(key, end_now(State.FAILED, 0, LOST_WORKER, Reason.WORKER_DIED))
            self.r.xack(QUEUE, GROUP, entry_id)
            self.r.xdel(QUEUE, entry_id)
        return len(claimed)

    # -- shared records ---------------------------------------------------------------------------
    def put(self, name: str, value: dict[str, Any], ttl_s: float) -> None:
        self.r.set(P + "rec:" + name, json.dumps(value), px=int(ttl_s * 1000))

    def get(self, name: str) -> dict[str, Any] | None:
        text = self.r.get(P + "rec:" + name)
        return json.loads(text) if text else None

    def hset(self, name: str, key: str, value: str, ttl_s: float) -> bool:
        pipe = self.r.pipeline()
        pipe.hset(P + "map:" + name, key, value)
        pipe.pexpire(P + "map:" + name, int(ttl_s * 1000))
        return bool(pipe.execute()[0])

    def hset_unless(self, name: str, key: str, value: str, ttl_s: float, guard: str) -> bool | None:
        new = self._hset_unless(keys=[P + "map:" + name, P + "rec:" + guard],
                                args=[key, value, int(ttl_s * 1000)])
        return None if int(new) < 0 else bool(new)

    def hget(self, name: str, key: str) -> str | None:
        return self.r.hget(P + "map:" + name, key)

    def hgetall(self, name: str) -> dict[str, str]:
        return self.r.hgetall(P + "map:" + name)

    def hlen(self, name: str) -> int:
        return int(self.r.hlen(P + "map:" + name))

    def hdel(self, name: str, *keys: str) -> None:
        if keys:
            self.r.hdel(P + "map:" + name, *keys)

    def incr(self, name: str, ttl_s: float) -> int:
        pipe = self.r.pipeline()
        pipe.incr(P + "n:" + name)
        pipe.pexpire(P + "n:" + name, int(ttl_s * 1000))
        return int(pipe.execute()[0])

    def count(self, name: str) -> int:
        return int(self.r.get(P + "n:" + name) or 0)

    def touch(self, ttl_s: float, *names: str) -> None:
        pipe = self.r.pipeline()
        for name in names:
            for kind in KINDS:
                pipe.pexpire(P + kind + name, int(ttl_s * 1000))
        pipe.execute()

    def delete(self, *names: str) -> None:
        if names:
            self.r.delete(*(P + kind + n for n in names for kind in KINDS))
