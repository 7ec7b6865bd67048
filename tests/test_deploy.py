"""The multi-process set-up: Redis as the shared job store (two replicas, one run), workers whose
loss is reported, and deploy/start.sh with nginx in front (headers, sticky cookie, websocket).
Needs Debian's redis-server (and nginx for the last test); skipped with a message without them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab import jobs, store
from resnet_explorer.lab.jobs import Budget, RunLimiter, State
from resnet_explorer.lab.training import TrainConfig

from .waiting import until

ROOT = Path(__file__).resolve().parent.parent
TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
SHORT = TrainConfig(batch_size=4, steps=5, twin=False)
LONG = TrainConfig(batch_size=4, steps=100_000, twin=False)
NO_LIMIT = Budget(max_seconds=1e9, max_bytes=2**40)
needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None,
                                 reason="Debian's redis-server is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(cond, timeout: float = 90.0) -> None:
    until(cond, timeout, every=0.1)


@pytest.fixture
def redis_url():
    port = _free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    _until(lambda: _pings(redis, url), 20)
    yield url
    proc.terminate()
    proc.wait(10)


def _pings(redis, url: str) -> bool:
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def worker(redis_url):
    cmd = [sys.executable, "-m", "resnet_explorer.lab.workers", "--redis", redis_url]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


REPLICA_B = """
import json, sys, time
from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab import jobs
from resnet_explorer.lab.training import TrainConfig
tiny = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
reg = jobs.Registry(jobs.RunLimiter(1), jobs.Budget(1e9, 2**40), redis_url=sys.argv[1], warm=False)
job, token = reg.submit(tiny, TrainConfig(batch_size=4, steps=5, twin=False))
while (snap := job.poll(token)).state.active:  # a page polls; a run nobody polls is cancelled
    time.sleep(0.2)
print(json.dumps({"key": job.key, "state": snap.state.value, "loss": snap.traces[0].loss}))
"""


@needs_redis
def test_two_replicas_share_one_identical_run(redis_url, worker):
    import redis

    reg = jobs.Registry(RunLimiter(1), NO_LIMIT, redis_url=redis_url, warm=False)
    job, token = reg.submit(TINY, SHORT)  # replica A (this process) ...
    other = subprocess.run([sys.executable, "-c", REPLICA_B, redis_url], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)  # ... and replica B, another process, asks the same
    assert other.returncode == 0, other.stderr[-2000:]
    b = json.loads(other.stdout)
    _until(lambda: not job.poll(token).state.active)
    snap = job.poll(token)
    assert b["key"] == job.key and b["state"] == snap.state.value == "done"
    assert b["loss"] == snap.traces[0].loss and len(b["loss"]) == SHORT.steps
    r = redis.Redis.from_url(redis_url)
    assert r.llen(store.P + "steps:" + job.key) == SHORT.steps  # trained once, not once a replica
    assert r.llen(store.P + "queue") == 0


@needs_redis
def test_a_run_whose_worker_was_killed_is_reported_lost(redis_url, worker, monkeypatch):
    monkeypatch.setattr(store, "LOST_AFTER_S", 3.0)
    reg = jobs.Registry(RunLimiter(1), NO_LIMIT, redis_url=redis_url, warm=False)
    job, token = reg.submit(TINY, LONG)
    _until(lambda: job.poll(token).steps_done > 0)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    _until(lambda: not job.poll(token).state.active, 30)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "lost" and "restarted" in snap.message


@needs_redis
def test_an_unwatched_shared_run_is_cancelled_and_stop_reaches_the_worker(redis_url, worker):
    reg = jobs.Registry(RunLimiter(1), NO_LIMIT, idle_timeout=1.0, redis_url=redis_url, warm=False)
    job, token = reg.submit(TINY, LONG)
    _until(lambda: job.poll(token).steps_done > 0)
    assert job.wait(60) and job.state is State.CANCELLED  # nobody polls any more
    again, t2 = reg.submit(TINY, TrainConfig(batch_size=4, steps=100_000, twin=False, seed=1))
    _until(lambda: again.poll(t2).steps_done > 0)  # the worker was freed and took the next run
    again.stop(t2)
    assert again.wait(60) and again.state is State.STOPPED


@pytest.mark.skipif(shutil.which("nginx") is None or shutil.which("redis-server") is None,
                    reason="Debian's nginx and redis-server are needed for the multi-process set-up")
def test_the_multi_process_set_up_starts_behind_nginx_with_security_headers():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    port = _free_port()
    proc = subprocess.Popen(["bash", str(ROOT / "deploy" / "start.sh"), "--replicas", "2", "--workers", "1",
                             "--port", str(port)], cwd=ROOT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _until(lambda: _get(url + "/_stcore/health") is not None or proc.poll() is not None, 240)
        assert proc.poll() is None, "deploy/start.sh exited"
        page = _get(url + "/")
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "http:" not in csp and "https:" not in csp and "*" not in csp  # no outside host
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert "rex_route=" in page.headers["Set-Cookie"]  # the sticky-session cookie
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                     open_timeout=30) as ws:  # the app's websocket, through the proxy
            msg = BackMsg()
            msg.rerun_script.query_string = "preset=resnet18"
            ws.send(msg.SerializeToString())
            finished = False
            end = time.monotonic() + 120
            while not finished and time.monotonic() < end:
                fwd = ForwardMsg()
                fwd.ParseFromString(ws.recv(timeout=120))
                finished = fwd.WhichOneof("type") == "script_finished"
            assert finished
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            r.read()
            return r
    except OSError:
        return None


@needs_redis
def test_a_restarted_replica_finds_the_run_and_a_restarted_store_says_it_is_lost(redis_url, worker):
    import redis

    first = jobs.Registry(RunLimiter(1), NO_LIMIT, redis_url=redis_url, warm=False)
    job, _ = first.submit(TINY, SHORT)
    assert job.wait(90)
    fresh = jobs.Registry(RunLimiter(1), NO_LIMIT, redis_url=redis_url, warm=False)  # after a restart
    again, token = fresh.rejoin(job.key)
    snap = again.poll(token)
    assert snap.state is State.DONE and snap.traces[0].loss == job.poll().traces[0].loss
    redis.Redis.from_url(redis_url).flushall()  # Redis restarted without its data
    snap = again.poll(token)
    assert snap.state is State.FAILED and snap.reason == "lost" and "restarted" in snap.message
    lost, _ = fresh.rejoin(job.key)
    assert lost.poll().reason == "lost"
