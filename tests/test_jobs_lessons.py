"""The lessons' live experiments run as jobs in worker processes, never in the process that asks:
the results match the experiment computed here, identical requests share one job, a killed worker
or a blown time budget ends with a message, and a worker whose server vanished exits quietly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resnet_explorer.lab import gradflow, jobs, lesson_tasks, lessons, workers
from resnet_explorer.lab.jobs import RunLimiter, State

from .waiting import stop_jobs
from .waiting import until as _until

ROOT = Path(__file__).resolve().parent.parent
TINY_DEG = dict(steps=4, n_train=64, batch=8, depths=(8,))  # two 8-layer nets, 4 steps each
LONG_DEG = dict(steps=100_000, n_train=64, batch=8, depths=(8,))  # runs until stopped


@pytest.fixture(scope="module")
def pool():
    p = workers.Pool(1)
    p.warm()
    yield p
    p.close()


@pytest.fixture
def registry(pool):
    reg = jobs.Registry(RunLimiter(2), pool=pool, redis_url="")
    yield reg
    stop_jobs(reg)  # nothing may keep running into the next test


def _refuse(*args, **kwargs):
    raise AssertionError("the experiment ran in the process that asked for it")


def test_a_lesson_experiment_runs_in_a_worker_and_matches_the_experiment_run_here(registry, monkeypatch):
    request = lesson_tasks.degradation_request(3, **TINY_DEG)
    with monkeypatch.context() as m:  # this process cannot train: the job must run elsewhere
        m.setattr(lessons, "train", _refuse)
        job, token = registry.submit_lesson(request)
        assert job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.DONE, snap.message
    assert job.worker_pid is not None and job.worker_pid != os.getpid()
    assert snap.steps_done == snap.steps_total == 2 * 4 and snap.result["seconds"] > 0
    here = lessons.degradation(lessons.DegradationSettings(
        lessons.TrainSettings(seed=3, steps=4, n_train=64, batch=8), (8,)))
    got = snap.result["runs"]
    assert [r["name"] for r in got] == [r.name for r in here] == ["plain-8", "ResNet-8"]
    for g, h in zip(got, here):
        assert g["train_loss"] == pytest.approx(h.train_loss, rel=1e-4)
        assert g["train_acc"] == pytest.approx(h.train_acc, abs=1 / 64)


def test_the_sweep_task_is_the_depth_sweep(registry, monkeypatch):
    request = lesson_tasks.gradflow_request("pytorch", depths=(8,), batch=2)
    with monkeypatch.context() as m:
        m.setattr(gradflow, "grad_at_init", _refuse)
        m.setattr(lesson_tasks, "grad_at_init", _refuse)
        job, token = registry.submit_lesson(request)
        assert job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.DONE and snap.steps_done == 6, snap.message
    got = lessons.flows_from_json(snap.result["flows"])
    here = gradflow.depth_sweep((8,), "pytorch", 0, 2)
    assert [(f.kind, f.batchnorm, f.depth) for f in got] == [(f.kind, f.batchnorm, f.depth) for f in here]
    for g, h in zip(got, here):
        assert g.layers == h.layers and g.stream == pytest.approx(h.stream, rel=1e-4)


def test_identical_lesson_requests_share_one_job(registry):
    a, ta = registry.submit_lesson(lesson_tasks.degradation_request(0, **LONG_DEG))
    b, tb = registry.submit_lesson(lesson_tasks.degradation_request(0, **LONG_DEG))
    c, tc = registry.submit_lesson(lesson_tasks.degradation_request(1, **LONG_DEG))
    assert a is b and ta != tb and c is not a and a.key != c.key
    assert a.key.startswith("lesson-") and len(jobs.run_key(lessons.lesson_config(8, True),
                                                              jobs.TrainConfig())) == 32
    _until(lambda: a.poll(ta).steps_done > 0)
    assert c.poll(tc).state.active
    a.stop(ta)
    time.sleep(0.3)
    assert a.poll(tb).state is State.RUNNING  # the other session still watches it
    a.stop(tb)
    c.stop(tc)
    assert a.wait(60) and a.state is State.STOPPED and 0 < a.steps_done < a.steps_total
    assert registry.rejoin(a.key)[0].state is State.FAILED  # a lab link never finds a lesson job


def test_a_queued_lesson_shows_its_place_in_line(pool):
    reg = jobs.Registry(RunLimiter(1), pool=pool, redis_url="")
    a, ta = reg.submit_lesson(lesson_tasks.degradation_request(0, **LONG_DEG))
    b, tb = reg.submit_lesson(lesson_tasks.degradation_request(0, **TINY_DEG))
    _until(lambda: a.poll(ta).steps_done > 0)
    snap = b.poll(tb)
    assert snap.state is State.QUEUED and snap.queue_position == 1 and snap.eta_s == b.estimate.seconds
    a.stop(ta)
    assert b.wait(60) and b.poll(tb).state is State.DONE


def test_a_killed_worker_ends_a_lesson_job_with_a_message(registry):
    job, token = registry.submit_lesson(lesson_tasks.degradation_request(0, **LONG_DEG))
    _until(lambda: job.poll(token).steps_done > 0)
    os.kill(job.worker_pid, signal.SIGKILL)
    assert job.wait(30)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "worker_died"
    assert "killed (signal 9)" in snap.message and snap.result is None


def test_a_lesson_job_past_its_time_budget_stops_with_a_message(registry, monkeypatch):
    monkeypatch.setattr(lesson_tasks, "MIN_BUDGET_S", 1.5)
    monkeypatch.setattr(lesson_tasks, "BUDGET_FACTOR", 0.0)
    job, token = registry.submit_lesson(lesson_tasks.degradation_request(0, **LONG_DEG))
    assert job.max_seconds == 1.5 and job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "over_time"
    assert "time budget for one run is 2 s" in snap.message and 0 < snap.steps_done < snap.steps_total


def test_bad_lesson_settings_fail_before_any_job():
    with pytest.raises(ValueError, match="steps must be a whole number"):
        lesson_tasks.degradation_request(0, steps=0)


def test_every_lesson_job_sentence_exists_in_both_languages():
    from resnet_explorer.i18n import STRINGS, t

    names = [f"ls_job_failed_{r}" for r in ("over_time", "worker_died", "lost")]
    names += [f"ls_job_{s}" for s in ("stopped", "cancelled")]
    names += ["ls_job_progress_train", "ls_job_progress_sweep"]
    for lang in ("en", "zh"):
        for name in names:
            text = t(name, lang, done=7, total=9, elapsed="3 s", budget="9 s", label="plain-8", eta="1 s")
            assert name in STRINGS[lang] and "{" not in text


def test_a_worker_whose_server_went_away_exits_quietly():
    """The server's end of the pipe closes mid-run: no BrokenPipeError traceback, the worker exits."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "resnet_explorer.lab.workers"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert json.loads(proc.stdout.readline())["ev"] == "ready"
        task = lesson_tasks.degradation_request(0, **LONG_DEG).task()
        proc.stdin.write(json.dumps(task) + "\n")
        proc.stdin.flush()
        while json.loads(proc.stdout.readline())["ev"] != "progress":
            pass
        proc.stdout.close()  # the server is gone: nobody reads any more
        assert proc.wait(30) == 0
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
