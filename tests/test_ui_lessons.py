"""The lessons in the app (AppTest): each opens, asks before it answers, and reveals; recordings first,
labelled as such; a live re-run runs as runs in worker processes (this process is made unable to
train), its result labelled as live; a killed worker gives a message. `run_every` never fires under
AppTest: the tests rerun by hand."""

from __future__ import annotations

import os
import signal
import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from resnet_explorer.lab import gradflow
from resnet_explorer.lessons import degradation, lesion, nets, tasks, words
from resnet_explorer.ui import recorded
from resnet_explorer.ui.lessons import degradation as degradation_scene
from resnet_explorer.ui.lessons import lesion as lesion_scene
from resnet_explorer.ui.runs import registry


def _refuse(*args, **kwargs):
    raise AssertionError("the web server's process trained or computed a lesson's experiment")


@pytest.fixture
def no_training_here(monkeypatch):
    """This process (the web server's, under AppTest) cannot train or sweep: a worker must."""
    st.cache_data.clear()
    for module, name in ((nets, "train"), (degradation, "degradation"), (lesion, "lesion_study"),
                         (gradflow, "grad_at_init"), (gradflow, "depth_sweep")):
        monkeypatch.setattr(module, name, _refuse)


def _app(root, lesson: str) -> AppTest:
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.query_params["lesson"] = lesson
    at.run()
    assert not at.exception
    return at


def _rerun_until(at: AppTest, cond, limit_s: float = 120) -> None:
    end = time.monotonic() + limit_s
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.5)
        at.run()
        assert not at.exception


@pytest.mark.parametrize("lesson", ["block", "degradation", "lesion", "bottleneck", "batchnorm", "responses"])
def test_each_lesson_runs_in_the_app_and_reveals(root, lesson):
    at = _app(root, lesson)
    assert not at.success  # nothing revealed before the class has answered
    next(b for b in at.button if b.key == f"ls_btn_{lesson}").click().run()
    assert not at.exception and len(at.success) == 1
    if lesson == "bottleneck":  # the paper's figures, from the anatomy
        assert "69,632" in at.success[0].value and "73,728" in at.success[0].value


def test_the_gradflow_lesson_opens_on_its_recording_without_computing(root, no_training_here):
    at = _app(root, "gradflow")
    assert any("lesson gradflow --save" in c.value for c in at.caption)
    next(b for b in at.button if b.key == "ls_btn_gradflow").click().run()
    assert not at.exception and len(at.success) == 1


def test_degradation_shows_the_recording_then_the_live_runs_from_workers(root, no_training_here, monkeypatch):
    small = nets.recipe(steps=4, n_train=64, batch_size=8)
    monkeypatch.setattr(degradation_scene, "degradation_requests",
                        lambda s: tasks.degradation_requests(small.replace(seed=s.seed)))
    at = _app(root, "degradation")
    assert any("Recording made with" in c.value and "not a live run" in c.value for c in at.caption)
    at.button(key="ls_deg_rerun").click().run()
    assert not at.exception
    w = at.session_state["watch_ls_deg"]
    assert [h.key for h in w.handles] == [r.key for r in tasks.degradation_requests(small)]
    _rerun_until(at, lambda: any("Live run on this server, seed 0" in c.value for c in at.caption))
    assert not any("Recording made with" in c.value for c in at.caption)
    table = at.table[0].value
    live = {r["name"]: r for r in w.results()}  # the live nets, in the lesson's order
    assert list(table.iloc[:, 1]) == [words.pct(1 - live[n]["train_acc"]) for n in words.NETS]


def test_a_killed_worker_gives_the_lesson_a_message(root, no_training_here, monkeypatch):
    long = nets.recipe(steps=100_000, n_train=64, batch_size=8)
    monkeypatch.setattr(degradation_scene, "degradation_requests",
                        lambda s: tasks.degradation_requests(long, (8,)))
    at = _app(root, "degradation")
    at.button(key="ls_deg_rerun").click().run()
    w = at.session_state["watch_ls_deg"]
    _rerun_until(at, lambda: w.snapshots[0].done > 0)
    assert any("step" in p.proto.text for p in at.get("progress"))
    os.kill(registry().scheduler.pid_of(w.handles[0].key), signal.SIGKILL)
    _rerun_until(at, lambda: any("ended unexpectedly" in e.value for e in at.error))
    assert any("Recording made with" in c.value for c in at.caption)  # the recording is still there
    _rerun_until(at, lambda: not w.active)  # the other net, which this page alone watched, stops too
    assert w.snapshots[1].state.value == "stopped"


def test_the_lab_sweep_reads_the_recording(no_training_here):
    script = "from resnet_explorer.ui import lab_sweep\nlab_sweep.show('en')"
    at = AppTest.from_string(script, default_timeout=60)
    at.run()
    at.toggle(key="lab_sweep").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 24
    assert any("lesson gradflow --save" in c.value for c in at.caption)


@pytest.mark.slow
def test_the_lesion_retraining_runs_in_workers_and_is_labelled_live(root, no_training_here, monkeypatch):
    small = nets.recipe(steps=3, n_train=64, batch_size=8)
    monkeypatch.setattr(lesion_scene, "lesion_requests", lambda seed: tasks.lesion_requests(seed, small))
    at = _app(root, "lesion")
    assert any("lesion --seed 0 --record" in c.value for c in at.caption)  # the recording first
    at.button(key="ls_les_retrain_btn").click().run()
    w = at.session_state["watch_ls_les"]
    _rerun_until(at, lambda: any("Retrained live on this server with seed 1" in c.value for c in at.caption))
    at.button(key="ls_btn_lesion").click().run()  # the answer quotes the live nets' drops
    assert at.success[0].value == words.lesion_answer([s.result for s in w.snapshots], "en")


def test_the_gradflow_lessons_live_sweep_runs_in_a_worker(root, no_training_here, monkeypatch):
    real = tasks.gradflow_request
    monkeypatch.setattr(recorded, "gradflow_request",
                        lambda init, seed=0: real(init, depths=(8, 20), batch=2, seed=seed))
    at = _app(root, "gradflow")
    assert any("lesson gradflow --save" in c.value for c in at.caption)
    at.button(key="ls_grad_rerun").click().run()
    _rerun_until(at, lambda: any("Live run on this server" in c.value for c in at.caption))
    assert at.session_state["watch_ls_grad"].handles[0].key == real("pytorch", depths=(8, 20), batch=2).key
    assert not any("lesson gradflow --save" in c.value for c in at.caption)
    assert os.getpid() not in registry().scheduler.pids()
