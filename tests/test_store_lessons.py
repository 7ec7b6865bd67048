"""Lessons' experiments through the shared job store (Redis): two replicas asking for the same one
share one job that a Redis worker computes, and a killed worker is reported. Needs Debian's
redis-server (skipped with a message without it); slow, as the other Redis tests (tests/test_deploy.py)."""

from __future__ import annotations

import signal

import pytest

from resnet_explorer.lab import jobs, lesson_tasks, store
from resnet_explorer.lab.jobs import RunLimiter, State
from tests.test_deploy import _until, needs_redis, redis_url, worker  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

TINY = dict(steps=4, n_train=64, batch=8, depths=(8,))
LONG = dict(steps=100_000, n_train=64, batch=8, depths=(8,))


def _replica(url: str) -> jobs.Registry:
    return jobs.Registry(RunLimiter(1), redis_url=url, warm=False)


@needs_redis
def test_two_replicas_share_one_lesson_job_computed_by_a_redis_worker(redis_url, worker):  # noqa: F811
    import redis

    request = lesson_tasks.degradation_request(2, **TINY)
    a, ta = _replica(redis_url).submit_lesson(request)
    b, tb = _replica(redis_url).submit_lesson(request)  # another replica: its own job object, same run
    assert a is not b and a.key == b.key == request.key
    _until(lambda: not a.poll(ta).state.active)
    sa, sb = a.poll(ta), b.poll(tb)
    assert sa.state is State.DONE and sb.state is State.DONE, sa.message
    assert sa.result == sb.result and [r["name"] for r in sa.result["runs"]] == ["plain-8", "ResNet-8"]
    assert sa.steps_done == sa.steps_total == 8 and all(len(r["train_loss"]) == 4 for r in sa.result["runs"])
    r = redis.Redis.from_url(redis_url, decode_responses=True)
    assert r.hget(store.P + "run:" + request.key, "worker").endswith(f":{worker.pid}")
    assert r.llen(store.P + "queue") == 0


@needs_redis
def test_a_lesson_job_whose_redis_worker_was_killed_is_reported(redis_url, worker, monkeypatch):  # noqa: F811
    monkeypatch.setattr(store, "LOST_AFTER_S", 3.0)
    job, token = _replica(redis_url).submit_lesson(lesson_tasks.degradation_request(0, **LONG))
    _until(lambda: job.poll(token).steps_done > 0)
    assert job.poll(token).label == "plain-8"
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    _until(lambda: not job.poll(token).state.active, 30)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "lost" and snap.result is None
