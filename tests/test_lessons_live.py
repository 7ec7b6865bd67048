"""The lessons' live re-runs in the app (AppTest): the recording first, labelled as such; the re-run
as a job in a worker process (this process is made unable to train), its result labelled as live;
a killed worker gives a message. `run_every` never fires under AppTest: the tests rerun by hand."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from resnet_explorer.lab import gradflow, lesson_tasks, lessons

ROOT = Path(__file__).resolve().parent.parent
REAL_DEGRADATION = lesson_tasks.degradation_request


def _refuse(*args, **kwargs):
    raise AssertionError("the web server's process trained or computed a lesson's experiment")


@pytest.fixture
def no_training_here(monkeypatch):
    """This process (the web server's, under AppTest) cannot train or sweep: a worker must."""
    st.cache_data.clear()
    for module, name in ((lessons, "train"), (lessons, "degradation"), (lessons, "lesion_study"),
                         (gradflow, "grad_at_init"), (gradflow, "depth_sweep"),
                         (lesson_tasks, "grad_at_init")):
        monkeypatch.setattr(module, name, _refuse)


def _app(lesson: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lesson"] = lesson
    at.run()
    assert not at.exception
    return at


def _rerun_until(at: AppTest, cond, limit_s: float = 90) -> None:
    end = time.monotonic() + limit_s
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.5)
        at.run()
        assert not at.exception


def test_degradation_shows_the_recording_then_the_live_run_from_a_worker(no_training_here, monkeypatch):
    monkeypatch.setattr(lesson_tasks, "degradation_request",
                        lambda seed: REAL_DEGRADATION(seed, steps=4, n_train=64, batch=8, depths=(8,)))
    at = _app("degradation")
    assert any("Recording made with" in c.value and "not a live run" in c.value for c in at.caption)
    at.button(key="ls_deg_rerun").click().run()
    assert not at.exception
    live = at.session_state["ls_live_deg"]
    assert live.job.key == REAL_DEGRADATION(0, steps=4, n_train=64, batch=8, depths=(8,)).key
    _rerun_until(at, lambda: any("Live run on this server, seed 0" in c.value for c in at.caption))
    assert live.job.worker_pid != os.getpid()
    assert not any("Recording made with" in c.value for c in at.caption)
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == ["plain-8", "ResNet-8"]  # the live nets, not the recording's four


def test_a_killed_worker_gives_the_lesson_a_message(no_training_here, monkeypatch):
    monkeypatch.setattr(lesson_tasks, "degradation_request",
                        lambda seed: REAL_DEGRADATION(seed, steps=100_000, n_train=64, batch=8, depths=(8,)))
    at = _app("degradation")
    at.button(key="ls_deg_rerun").click().run()
    live = at.session_state["ls_live_deg"]
    _rerun_until(at, lambda: live.job.steps_done > 0)
    assert any("step" in p.proto.text for p in at.get("progress"))
    os.kill(live.job.worker_pid, signal.SIGKILL)
    _rerun_until(at, lambda: any("ended unexpectedly" in e.value for e in at.error))
    assert any("Recording made with" in c.value for c in at.caption)  # the recording is still there


def test_the_lab_sweep_reads_the_recording(no_training_here):
    script = "from resnet_explorer.ui import lab_sweep\nlab_sweep.show('en')"
    at = AppTest.from_string(script, default_timeout=60)
    at.run()
    at.toggle(key="lab_sweep").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 24
    assert any("lesson gradflow --save" in c.value for c in at.caption)


@pytest.mark.slow  # the study scores 40 lesioned nets on 2,000 images: about 30 s
def test_the_lesion_retraining_runs_in_a_worker_and_is_labelled_live(no_training_here, monkeypatch):
    real = lesson_tasks.lesion_request
    monkeypatch.setattr(lesson_tasks, "lesion_request", lambda seed: real(seed, steps=3, n_train=64, batch=8))
    at = _app("lesion")
    assert any("lesion --seed 0 --record" in c.value for c in at.caption)  # the recording first
    at.button(key="ls_les_retrain_btn").click().run()
    live = at.session_state["ls_live_les"]
    _rerun_until(at, lambda: any("Retrained live on this server with seed 1 (3 steps" in c.value
                                 for c in at.caption))
    assert live.job.worker_pid != os.getpid()
    at.button(key="ls_btn_lesion").click().run()  # the answer quotes the live nets' drops
    nets = live.snapshot.result["nets"]
    res = lessons.median_drop(next(n for n in nets if n["residual"]))
    assert f"median drop {res:.1f} points" in at.success[0].value


def test_the_gradflow_lessons_live_sweep_runs_in_a_worker(no_training_here, monkeypatch):
    from resnet_explorer.ui import lab_sweep

    real = lab_sweep.gradflow_request
    monkeypatch.setattr(lab_sweep, "gradflow_request", lambda init: real(init, depths=(8, 20), batch=2))
    at = _app("gradflow")
    assert any("lesson gradflow --save" in c.value for c in at.caption)
    at.button(key="ls_grad_rerun").click().run()
    _rerun_until(at, lambda: any("Live run on this server" in c.value for c in at.caption))
    assert at.session_state["ls_live_ls_grad"].job.worker_pid != os.getpid()
    assert not any("lesson gradflow --save" in c.value for c in at.caption)
