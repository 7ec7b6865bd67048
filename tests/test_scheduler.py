"""The default back end, with real child worker processes: queue and place in line, identical runs
shared, Stop, unwatched runs, the time budget, divergence, failures and a killed worker, each ending
with a message; the web server's process never trains."""

from __future__ import annotations

import os
import signal
import time

import pytest

from resnet_explorer import NetConfig, Shortcut, Stem
from resnet_explorer.lab.budget import estimate
from resnet_explorer.lab.settings import TrainConfig
from resnet_explorer.lab.task import TraceReader, lab_request
from resnet_explorer.runs import Reason, Runs, State

TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
LONG = TrainConfig(batch_size=4, steps=100_000, twin=False)  # runs until stopped


def _lab(train: TrainConfig, max_s: float = 1e9):
    return lab_request(TINY, train, estimate(TINY, train), max_s)


@pytest.fixture(scope="module")
def runs():
    """Two warm workers shared by the tests (each costs seconds to start on a busy machine)."""
    r = Runs.local(workers=2)
    r.scheduler.wait_ready()
    yield r
    r.close()


@pytest.fixture(scope="module")
def one():
    """One worker."""
    r = Runs.local(workers=1)
    r.scheduler.wait_ready()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def _nothing_left_training(request):
    yield
    for name in ("runs", "one"):
        if name in request.fixturenames:
            r = request.getfixturevalue(name)
            for h in list(r._handles.values()):
                h.stop()
                h.wait(30)


def test_a_run_trains_in_a_worker_and_streams_every_step(runs, until):
    h, token = runs.submit(_lab(TrainConfig(batch_size=4, steps=3, twin=True)))
    assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.DONE and snap.done == snap.total == 3 and snap.elapsed_s > 0
    traces = TraceReader().traces(snap)
    assert [tr.label for tr in traces] == ["net", "twin"] and all(len(tr) == 3 for tr in traces)
    assert all(len(tr.grad_norm[0]) == len(tr.layers) for tr in traces)
    assert runs.scheduler.pid_of(h.key) is None and os.getpid() not in runs.scheduler.pids()


def test_identical_runs_are_shared_and_stop_only_detaches(runs, until):
    a, ta = runs.submit(_lab(LONG))
    b, tb = runs.submit(_lab(LONG))
    assert a is b and ta != tb and runs.active() == 1
    until(lambda: a.poll(ta).done > 1)
    a.stop(ta)
    time.sleep(0.5)
    assert a.poll(tb).state is State.RUNNING  # the other page still watches it
    a.stop(tb)
    assert a.wait(60) and a.poll().state is State.STOPPED and 0 < a.poll().done < LONG.steps


def test_finished_runs_are_reused_and_a_link_finds_them(runs):
    train = TrainConfig(batch_size=4, steps=2, twin=False, seed=3)
    a, _ = runs.submit(_lab(train))
    assert a.wait(60) and a.poll().state is State.DONE
    b, tb = runs.submit(_lab(train))
    assert b is a and len(b.poll(tb).steps) == 2
    again, token = runs.rejoin(a.key)
    assert again is a and token
    lost, token = Runs.local(workers=1, warm=False).rejoin(a.key)  # a restarted server knows nothing
    snap = lost.poll()
    assert snap.state is State.FAILED and snap.reason is Reason.LOST and "restarted" in snap.message
    assert runs.rejoin("not a key")[0].poll().reason is Reason.LOST


def test_a_queued_run_shows_its_place_in_line(one, until):
    a, ta = one.submit(_lab(LONG))
    until(lambda: a.poll(ta).state is State.RUNNING)
    b, tb = one.submit(_lab(TrainConfig(batch_size=4, steps=2, twin=False, seed=5)))
    snap = b.poll(tb)
    assert snap.state is State.QUEUED and snap.queue_position == 1 and snap.done == 0
    assert snap.eta_s == b.request.seconds
    a.stop(ta)
    assert b.wait(60) and b.poll(tb).state is State.DONE


def test_an_unwatched_run_cancels_itself_and_frees_its_worker(one, monkeypatch):
    monkeypatch.setattr(one.store, "idle_s", 0.8)  # pages that leave after less than a second
    h, _ = one.submit(_lab(LONG))  # nobody polls: the page was closed
    assert h.wait(60) and h.poll().state is State.CANCELLED
    assert len(one.scheduler.pids()) == 1 and one.scheduler.pid_of(h.key) is None
    again, token = one.submit(_lab(TrainConfig(batch_size=4, steps=2, twin=False, seed=6)))
    while again.poll(token).state.active:  # watched this time
        time.sleep(0.1)
    assert again.poll().state is State.DONE


def test_divergence_and_failures_end_the_run_with_a_message(runs):
    h, token = runs.submit(_lab(TrainConfig(batch_size=8, steps=50, lr=10.0, warmup_steps=0, twin=False)))
    assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.DIVERGED and "diverged at step" in snap.message
    assert len(TraceReader().traces(snap)[0]) == snap.done > 0
    h, token = runs.submit(_lab(TrainConfig(dataset="cifar10", data_root="/nonexistent", twin=False)))
    assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.FAILED and "CIFAR-10" in snap.message


def test_a_run_past_its_time_budget_stops_with_a_message(runs):
    h, token = runs.submit(_lab(LONG, max_s=2.0))
    assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.FAILED and snap.reason is Reason.OVER_TIME
    assert "time budget for one run is 2 s" in snap.message and 0 < snap.done < LONG.steps


def test_a_killed_worker_ends_the_run_with_a_message_and_a_fresh_one_takes_over(runs, until):
    h, token = runs.submit(_lab(LONG))
    until(lambda: h.poll(token).done > 0)
    os.kill(runs.scheduler.pid_of(h.key), signal.SIGKILL)
    assert h.wait(30)
    snap = h.poll(token)
    assert snap.state is State.FAILED and snap.reason is Reason.WORKER_DIED
    assert "killed (signal 9)" in snap.message and "lost" in snap.message
    again, t2 = runs.submit(_lab(TrainConfig(batch_size=4, steps=2, twin=False, seed=9)))
    assert again.wait(60) and again.poll(t2).state is State.DONE


def test_every_ending_has_a_sentence_in_both_languages():
    from resnet_explorer.i18n import STRINGS, t

    for prefix in ("lab", "ls_job"):
        names = [f"{prefix}_failed_{r.value}" for r in Reason if r.value]
        names += [f"{prefix}_{s}" for s in ("stopped", "cancelled", "stop")]
        for lang in ("en", "zh"):
            for name in names:
                assert name in STRINGS[lang], name
                text = t(name, lang, done=7, total=9, elapsed="12 s", budget="120 s")
                assert "{" not in text
