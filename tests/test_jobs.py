"""Classroom jobs: run limit and queue, Stop, sharing, unwatched runs, budgets, divergence, and the
worker processes that train them (time budget while running, freed workers, a killed worker)."""

from __future__ import annotations

import time

import pytest

from resnet_explorer import NetConfig, Shortcut, Stem, preset
from resnet_explorer.lab import budget, jobs, workers
from resnet_explorer.lab.jobs import Budget, Refused, RunLimiter, State
from resnet_explorer.lab.training import TrainConfig

from .waiting import stop_jobs
from .waiting import until as _until

TINY = NetConfig(stem=Stem.CIFAR, stages=(1, 1, 1), widths=(4, 8, 16), shortcut=Shortcut.A,
                 input_size=(32, 32), num_classes=10)
LONG = TrainConfig(batch_size=4, steps=100_000, twin=False)  # runs until stopped
NO_LIMIT = Budget(max_seconds=1e9, max_bytes=2**40)


@pytest.fixture(scope="module")
def pool():
    """Two warm workers shared by the tests (each costs ~2 s to start, more on a busy machine)."""
    p = workers.Pool(2)
    p.warm()
    yield p
    p.close()


@pytest.fixture
def Registry(pool):
    made = []

    def make(*args, **kwargs) -> jobs.Registry:
        reg = jobs.Registry(*args, pool=pool, redis_url="", **kwargs)
        made.append(reg)
        return reg

    yield make
    for reg in made:  # nothing may keep training into the next test
        stop_jobs(reg)


def test_importing_the_lab_changes_nothing_and_configure_threads_sets_the_policy():
    import subprocess
    import sys

    code = ("import torch; n = torch.get_num_threads(); import resnet_explorer.lab.jobs as j; "
            "assert torch.get_num_threads() == n, 'import changed the thread count'; "
            "j.configure_threads(); print(torch.get_num_threads(), j.THREADS_PER_NET)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    threads, expected = out.stdout.split()
    assert threads == expected and int(expected) >= 1 and jobs.DEFAULT_SLOTS >= 1


def test_run_limit_queues_and_stop_frees_the_slot(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT)
    a, ta = reg.submit(TINY, LONG)
    _until(lambda: a.poll(ta).state is State.RUNNING and a.steps_done > 0)
    b, tb = reg.submit(TINY, TrainConfig(batch_size=4, steps=2, twin=False))
    time.sleep(0.3)
    snap = b.poll(tb)
    assert snap.state is State.QUEUED and snap.queue_position == 1 and snap.steps_done == 0
    a.stop(ta)
    assert a.wait(60) and a.state is State.STOPPED and 0 < a.steps_done < LONG.steps
    assert b.wait(60) and b.poll(tb).state is State.DONE and b.steps_done == 2
    assert reg.limiter.free == 1


def test_a_twin_run_takes_two_slots(Registry):
    limiter = RunLimiter(2)
    reg = Registry(limiter, NO_LIMIT)
    job, token = reg.submit(TINY, TrainConfig(batch_size=4, steps=100_000, twin=True))
    _until(lambda: job.steps_done > 0)
    assert limiter.free == 0
    job.stop(token)
    assert job.wait(60) and limiter.free == 2


def test_identical_runs_are_shared_and_stop_only_detaches(Registry):
    reg = Registry(RunLimiter(2), NO_LIMIT)
    a, ta = reg.submit(TINY, LONG)
    b, tb = reg.submit(TINY, LONG)
    assert a is b and ta != tb and reg.active() == 1
    _until(lambda: a.steps_done > 1)
    a.stop(ta)
    time.sleep(0.3)
    assert a.poll(tb).state is State.RUNNING  # the other session still watches it
    a.stop(tb)
    assert a.wait(60) and a.state is State.STOPPED


def test_finished_runs_are_reused(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT)
    train = TrainConfig(batch_size=4, steps=2, twin=False)
    a, _ = reg.submit(TINY, train)
    assert a.wait(60) and a.state is State.DONE
    b, tb = reg.submit(TINY, train)
    assert b is a and len(b.poll(tb).traces[0]) == 2


def test_an_unwatched_run_cancels_itself(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT, idle_timeout=0.5)
    job, _ = reg.submit(TINY, LONG)
    assert job.wait(60)
    assert job.state is State.CANCELLED


def test_queued_run_gives_up_when_unwatched(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT, idle_timeout=0.5)
    a, ta = reg.submit(TINY, LONG)
    b, _ = reg.submit(TINY, TrainConfig(batch_size=4, steps=3, twin=False))
    _until(lambda: a.poll(ta).steps_done > 0)
    assert b.wait(60) and b.state is State.CANCELLED and b.steps_done == 0
    a.stop(ta)
    assert a.wait(60)


def test_runs_over_budget_are_refused_with_the_estimate(Registry):
    reg = Registry(RunLimiter(1), budget=Budget(max_seconds=5, max_bytes=2**30))
    with pytest.raises(Refused) as err:
        reg.submit(preset("resnet152"), TrainConfig(batch_size=128, steps=200))
    assert set(err.value.reasons) == {"memory", "time"}
    assert err.value.estimate.bytes > 2**30 and err.value.estimate.seconds > 5
    assert "MiB" in str(err.value)
    assert reg.active() == 0


def test_estimate_counts_both_twins_memory():
    one = jobs.estimate(TINY, TrainConfig(twin=False))
    two = jobs.estimate(TINY, TrainConfig(twin=True))
    assert two.nets == 2 and two.bytes == 2 * one.bytes  # option A and its plain twin: same sizes


def test_divergence_ends_the_job_with_a_message(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT)
    job, token = reg.submit(TINY, TrainConfig(batch_size=8, steps=50, lr=10.0, warmup_steps=0, twin=False))
    assert job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.DIVERGED and "diverged at step" in snap.message
    assert len(snap.traces[0]) == snap.steps_done > 0


def test_a_failing_run_reports_its_error(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT)
    job, token = reg.submit(TINY, TrainConfig(dataset="cifar10", data_root="/nonexistent", twin=False))
    assert job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.FAILED and "CIFAR-10" in snap.message


def test_a_run_past_its_time_budget_stops_with_a_message_and_frees_its_slot(Registry, pool, monkeypatch):
    # An estimate far too low (as under heavy load): accepted, then stopped while it runs.
    monkeypatch.setattr(budget, "CPU_MACS_PER_S", 1e18)
    monkeypatch.setattr(budget, "STEP_OVERHEAD_S", 0.0)
    monkeypatch.setattr(budget, "PARAM_S", 0.0)
    reg = Registry(RunLimiter(1), Budget(max_seconds=3.0, max_bytes=2**40))
    job, token = reg.submit(TINY, LONG)
    assert job.estimate.seconds < 3.0
    assert job.wait(60)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "over_time"
    assert "time budget for one run is 3 s" in snap.message and 0 < snap.steps_done < LONG.steps
    assert reg.limiter.free == 1 and job.worker_pid in pool.idle_pids()


def test_a_closed_pages_run_ends_and_its_worker_is_freed(Registry, pool):
    reg = Registry(RunLimiter(1), NO_LIMIT, idle_timeout=1.0)
    job, token = reg.submit(TINY, LONG)
    _until(lambda: job.poll(token).steps_done > 0)  # watched, training ...
    assert job.worker_pid not in pool.idle_pids()
    assert job.wait(60)  # ... then nobody polls any more (the tab was closed)
    assert job.state is State.CANCELLED and reg.limiter.free == 1
    assert job.worker_pid in pool.idle_pids()  # the process is alive and idle again


def test_a_killed_worker_ends_the_run_with_a_message_not_a_hang(Registry):
    import os
    import signal

    reg = Registry(RunLimiter(1), NO_LIMIT)
    job, token = reg.submit(TINY, LONG)
    _until(lambda: job.poll(token).steps_done > 0)
    os.kill(job.worker_pid, signal.SIGKILL)
    assert job.wait(30)
    snap = job.poll(token)
    assert snap.state is State.FAILED and snap.reason == "worker_died"
    assert "killed (signal 9)" in snap.message and "lost" in snap.message
    assert reg.limiter.free == 1
    again, t2 = reg.submit(TINY, TrainConfig(batch_size=4, steps=2, twin=False))
    assert again.wait(60) and again.poll(t2).state is State.DONE  # a fresh worker took over


def test_the_web_servers_process_never_trains(Registry):
    import os

    reg = Registry(RunLimiter(1), NO_LIMIT)
    job, token = reg.submit(TINY, TrainConfig(batch_size=4, steps=3, twin=True))
    assert job.wait(60) and job.state is State.DONE
    assert job.worker_pid != os.getpid()
    snap = job.poll(token)
    assert [tr.label for tr in snap.traces] == ["net", "twin"] and all(len(tr) == 3 for tr in snap.traces)
    assert all(len(tr.grad_norm[0]) == len(tr.layers) for tr in snap.traces)


def test_a_link_finds_its_run_again_or_says_it_was_lost(Registry):
    reg = Registry(RunLimiter(1), NO_LIMIT)
    job, _ = reg.submit(TINY, TrainConfig(batch_size=4, steps=2, twin=False))
    assert job.wait(60)
    again, token = reg.rejoin(job.key)
    assert again is job and len(again.poll(token).traces[0]) == 2
    lost, _ = Registry(RunLimiter(1), NO_LIMIT).rejoin(job.key)  # a restarted server knows nothing
    snap = lost.poll()
    assert snap.state is State.FAILED and snap.reason == "lost" and "restarted" in snap.message


def test_every_failure_reason_has_a_sentence_in_both_languages():
    from resnet_explorer.i18n import STRINGS, t

    reasons = {"over_time", "worker_died", "lost"}  # Snapshot.reason of a FAILED run
    for lang in ("en", "zh"):
        for reason in reasons:
            assert f"lab_failed_{reason}" in STRINGS[lang]
            text = t(f"lab_failed_{reason}", lang, done=7, elapsed="12 s", budget="120 s")
            assert "{" not in text and ("7" in text or reason == "lost")
