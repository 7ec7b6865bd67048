"""The lessons' live experiments run in worker processes, never in the process that asks: their
results match the experiment computed here; identical requests share a run; a killed worker or a
blown time budget ends with a message."""

from __future__ import annotations

import os
import signal
import time

import pytest

from resnet_explorer.lab import gradflow
from resnet_explorer.lessons import degradation, lesion, nets, recordings, tasks
from resnet_explorer.runs import Reason, Runs, State

TINY = nets.recipe(steps=4, n_train=64, batch_size=8)
LONG = nets.recipe(steps=100_000, n_train=64, batch_size=8)


@pytest.fixture(scope="module")
def runs():
    r = Runs.local(workers=2)
    r.scheduler.wait_ready()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def _nothing_left_training(runs):
    yield
    for h in list(runs._handles.values()):
        h.stop()
        h.wait(30)


def _watched(joined, timeout: float) -> list:
    """Each run's final snapshot, every run polled while it trains, as its page does (a run nobody
    polls is cancelled after the idle time: waiting alone is not watching)."""
    end = time.monotonic() + timeout
    while any([h.poll(tok).state.active for h, tok in joined]):
        assert time.monotonic() < end, "timed out"
        time.sleep(0.5)
    return [h.poll(tok) for h, tok in joined]


def _refuse(*args, **kwargs):
    raise AssertionError("the experiment ran in the process that asked for it")


def test_the_degradation_nets_train_in_workers_and_match_the_experiment_here(runs, monkeypatch):
    requests = tasks.degradation_requests(TINY.replace(seed=3), (8,))
    with monkeypatch.context() as m:  # this process cannot train: the runs must run elsewhere
        m.setattr(nets, "train", _refuse)
        snaps = _watched([runs.submit(r) for r in requests], 120)
    assert all(s.state is State.DONE and s.done == s.total == 4 for s in snaps), snaps[0].message
    here = degradation.degradation(TINY.replace(seed=3), (8,))
    got = [s.result for s in snaps]
    assert [r["name"] for r in got] == [r.name for r in here] == ["plain-8", "ResNet-8"]
    for g, h in zip(got, here):
        assert g["train_loss"] == pytest.approx(h.train_loss, rel=1e-4)
        assert g["train_acc"] == pytest.approx(h.train_acc, abs=1 / 64)


def test_the_sweep_task_is_the_depth_sweep(runs, monkeypatch):
    request = tasks.gradflow_request("pytorch", depths=(8,), batch=2)
    with monkeypatch.context() as m:
        m.setattr(gradflow, "grad_at_init", _refuse)
        h, token = runs.submit(request)
        assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.DONE and snap.done == 6, snap.message
    got = recordings.flows_from_json(snap.result["flows"])
    here = gradflow.depth_sweep((8,), "pytorch", 0, 2)
    assert [(f.kind, f.batchnorm, f.depth) for f in got] == [(f.kind, f.batchnorm, f.depth) for f in here]
    for g, h in zip(got, here):
        assert g.layers == h.layers and g.stream == pytest.approx(h.stream, rel=1e-4)


def test_the_lesion_task_is_the_study_of_the_net_it_trained(runs):
    requests = tasks.lesion_requests(5, TINY)
    snaps = _watched([runs.submit(r) for r in requests], 300)
    assert all(s.state is State.DONE for s in snaps), [s.message for s in snaps]
    got = [s.result for s in snaps]
    x, y = nets.held_out_images(5)
    for result, (name, residual, model) in zip(got, lesion.lesion_nets(5, retrain=True, settings=TINY)):
        assert result["name"] == name and result["residual"] == residual
        assert result == {**result, **lesion.lesion(model, x, y)}


def test_identical_lesson_requests_share_one_run(runs, until):
    a, ta = runs.submit(tasks.degradation_requests(LONG, (8,))[0])
    b, tb = runs.submit(tasks.degradation_requests(LONG, (8,))[0])
    c, tc = runs.submit(tasks.degradation_requests(LONG.replace(seed=1), (8,))[0])
    assert a is b and ta != tb and c is not a and a.key != c.key
    until(lambda: a.poll(ta).done > 0)
    a.stop(ta)
    assert a.poll(tb).state.active  # the other page still watches it
    a.stop(tb)
    c.stop(tc)
    assert a.wait(60) and a.poll().state is State.STOPPED and 0 < a.poll().done < a.poll().total


def test_a_killed_worker_ends_a_lesson_run_with_a_message(runs, until):
    h, token = runs.submit(tasks.degradation_requests(LONG, (8,))[0])
    until(lambda: h.poll(token).done > 0)
    assert h.poll(token).label == "plain-8"
    os.kill(runs.scheduler.pid_of(h.key), signal.SIGKILL)
    assert h.wait(30)
    snap = h.poll(token)
    assert snap.state is State.FAILED and snap.reason is Reason.WORKER_DIED
    assert "killed (signal 9)" in snap.message and snap.result is None


def test_a_lesson_run_past_its_time_budget_stops_with_a_message(runs, monkeypatch):
    monkeypatch.setattr(tasks, "MIN_BUDGET_S", 1.5)
    monkeypatch.setattr(tasks, "BUDGET_FACTOR", 0.0)
    request = tasks.degradation_requests(LONG, (8,))[0]
    assert request.max_seconds == 1.5
    h, token = runs.submit(request)
    assert h.wait(60)
    snap = h.poll(token)
    assert snap.state is State.FAILED and snap.reason is Reason.OVER_TIME
    assert "time budget for one run is 2 s" in snap.message and 0 < snap.done < snap.total


def test_every_lesson_run_sentence_exists_in_both_languages():
    from resnet_explorer.i18n import STRINGS, t

    names = ["ls_job_progress_train", "ls_job_progress_sweep", "ls_job_queued"]
    for lang in ("en", "zh"):
        for name in names:
            text = t(name, lang, done=7, total=9, elapsed="3 s", position=2, label="plain-8", eta="1 s")
            assert name in STRINGS[lang] and "{" not in text
