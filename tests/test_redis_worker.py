"""The shared set-up against a real redis-server (skipped with a message without one): replicas share
one run that one Redis worker trains once; a worker killed mid-run is reported lost to every watcher
within 15 s through the consumer group's pending list, and the other workers carry on; Stop from a
replica reaches the worker; a store that lost its data says the run is lost."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab.budget import estimate
from resnet_explorer.lab.settings import TrainConfig
from resnet_explorer.lab.task import TraceReader, lab_request
from resnet_explorer.lessons.tasks import degradation_requests
from resnet_explorer.runs import Reason, Runs, State
from resnet_explorer.runs.redis_store import GROUP, QUEUE, client

pytestmark = pytest.mark.slow

TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
SHORT = TrainConfig(batch_size=4, steps=5, twin=False)
LONG = TrainConfig(batch_size=4, steps=100_000, twin=False)
REPLICA_B = """
import json, sys, time
from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab.budget import estimate
from resnet_explorer.lab.settings import TrainConfig
from resnet_explorer.lab.task import TraceReader, lab_request
from resnet_explorer.runs import Runs
tiny = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
train = TrainConfig(batch_size=4, steps=5, twin=False)
h, token = Runs.redis(sys.argv[1]).submit(lab_request(tiny, train, estimate(tiny, train), 1e9))
while (snap := h.poll(token)).state.active:  # a page polls; a run nobody polls is cancelled
    time.sleep(0.2)
print(json.dumps({"key": h.key, "state": snap.state.value, "loss": TraceReader().traces(snap)[0].loss}))
"""


def _lab(train: TrainConfig):
    return lab_request(TINY, train, estimate(TINY, train), 1e9)


def test_two_replicas_share_one_run_trained_once(redis_url, redis_worker, root, until):
    redis_worker()
    h, token = Runs.redis(redis_url).submit(_lab(SHORT))  # replica A (this process) ...
    other = subprocess.run([sys.executable, "-c", REPLICA_B, redis_url], cwd=root, capture_output=True,
                           text=True, timeout=120)  # ... and replica B, another process, asks the same
    assert other.returncode == 0, other.stderr[-2000:]
    b = json.loads(other.stdout)
    until(lambda: not h.poll(token).state.active, 90)
    snap = h.poll(token)
    assert b["key"] == h.key and b["state"] == snap.state.value == "done"
    assert b["loss"] == TraceReader().traces(snap)[0].loss and len(b["loss"]) == SHORT.steps
    r = client(redis_url)
    assert sum(1 for _ in r.xrange("rex:ev:" + h.key)) == SHORT.steps + 3  # start, meta, steps, end: once
    assert r.xlen(QUEUE) == 0 and r.xpending(QUEUE, GROUP)["pending"] == 0


def test_a_killed_worker_is_reported_lost_to_every_watcher_within_15_s(redis_url, redis_worker, until):
    victim = redis_worker()
    page_a, page_b = Runs.redis(redis_url), Runs.redis(redis_url)  # two replicas watch the same run
    a, ta = page_a.submit(_lab(LONG))
    b, tb = page_b.submit(_lab(LONG))
    until(lambda: a.poll(ta).done > 2 and b.poll(tb).done > 2, 90)
    redis_worker()  # a second worker, idle: it must not take the dead one's run as its own
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    killed = time.monotonic()
    until(lambda: not a.poll(ta).state.active and not b.poll(tb).state.active, 30)
    assert time.monotonic() - killed <= 15
    for snap in (a.poll(ta), b.poll(tb)):
        assert snap.state is State.FAILED and snap.reason is Reason.WORKER_DIED and "lost" in snap.message
    again, t2 = page_a.submit(_lab(SHORT.replace(seed=4)))  # nothing else broke: the other worker trains
    until(lambda: not again.poll(t2).state.active, 90)
    assert again.poll(t2).state is State.DONE


def test_stop_from_a_replica_reaches_the_worker(redis_url, redis_worker, until):
    redis_worker()
    h, token = Runs.redis(redis_url).submit(_lab(LONG))
    until(lambda: h.poll(token).done > 0, 90)
    h.stop(token)
    until(lambda: not h.poll().state.active, 30)
    assert h.poll().state is State.STOPPED


def test_a_lesson_net_trains_in_a_redis_worker(redis_url, redis_worker, until):
    redis_worker()
    train = TrainConfig(dataset="gratings", twin=False, steps=4, n_train=64, batch_size=8)
    runs = Runs.redis(redis_url)
    joined = [runs.submit(r) for r in degradation_requests(train, (8,))]
    until(lambda: all(not h.poll(tok).state.active for h, tok in joined), 120)
    results = [h.poll().result for h, _ in joined]
    assert [r["name"] for r in results] == ["plain-8", "ResNet-8"] and all(len(r["train_loss"]) == 4
                                                                           for r in results)


def test_a_store_that_lost_its_data_says_the_run_is_lost(redis_url):
    runs = Runs.redis(redis_url)
    h, token = runs.submit(_lab(LONG))  # no worker: it waits in the queue ...
    assert h.poll(token).state is State.QUEUED and h.poll(token).queue_position == 1
    client(redis_url).flushall()  # ... and the store is restarted without its data
    snap = h.poll(token)
    assert snap.state is State.FAILED and snap.reason is Reason.LOST
    assert runs.rejoin(h.key)[0].poll().reason is Reason.LOST


def test_an_unwatched_shared_run_is_cancelled_and_its_worker_takes_the_next(redis_url, redis_worker, until):
    redis_worker()
    from resnet_explorer.runs.redis_store import RedisStore

    runs = Runs(RedisStore(redis_url, idle_s=1.0))
    h, token = runs.submit(_lab(LONG))
    until(lambda: h.poll(token).done > 0, 90)
    until(lambda: not h.poll().state.active, 60)  # nobody polls with a token any more
    assert h.poll().state is State.CANCELLED
    again, t2 = runs.submit(_lab(LONG.replace(seed=1)))
    until(lambda: again.poll(t2).done > 0, 90)  # the worker was freed and took the next run
    again.stop(t2)
    until(lambda: not again.poll().state.active, 60)
    assert again.poll().state is State.STOPPED


def test_a_restarted_replica_finds_a_finished_run(redis_url, redis_worker, until):
    redis_worker()
    first = Runs.redis(redis_url)
    h, token = first.submit(_lab(SHORT))
    until(lambda: not h.poll(token).state.active, 90)
    again, t2 = Runs.redis(redis_url).rejoin(h.key)  # after a restart of the replica
    snap = again.poll(t2)
    assert snap.state is State.DONE
    assert TraceReader().traces(snap)[0].loss == TraceReader().traces(h.poll())[0].loss
