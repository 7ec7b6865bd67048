"""The one worker loop, without processes: every way a run ends is one End event, decided by the run's
rules in one place (Control.check); the task table; a child worker whose server went away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from resnet_explorer.runs import End, Halt, Progress, Reason, Request, Start, State, Step, tasks
from resnet_explorer.runs.base import over_time, unwatched
from resnet_explorer.runs.worker import Control, run_one


class Channel:
    def __init__(self, stop_after: int | None = None, watched: float | None = None, owned_for: int = 10**9):
        self.events: list = []
        self.stop_after, self.owned_for = stop_after, owned_for
        self.watched = time.time() if watched is None else watched

    def emit(self, event) -> None:
        self.events.append(event)

    def stop_requested(self) -> bool:
        steps = sum(isinstance(e, Step) for e in self.events)
        return self.stop_after is not None and steps >= self.stop_after

    def last_watch(self) -> float:
        return self.watched

    def owned(self) -> bool:
        return sum(isinstance(e, Step) for e in self.events) < self.owned_for


def count(settings: dict, ctl: Control) -> dict:
    """A task for these tests: `n` steps (forever with n=0), each a little sleep."""
    i = 0
    while settings["n"] == 0 or i < settings["n"]:
        i += 1
        time.sleep(settings.get("sleep", 0.0))
        ctl.step(i, {"i": i})
    if settings.get("fail"):
        raise RuntimeError("the data set is missing")
    return {"sum": i * (i + 1) // 2}


def diverge(settings: dict, ctl: Control) -> None:
    ctl.record(1, {"loss": [1e9]})
    raise Halt(State.DIVERGED, "net diverged at step 0: loss 1e+09")


@pytest.fixture(autouse=True)
def _tasks(monkeypatch):
    monkeypatch.setitem(tasks.TASKS, "count", f"{__name__}:count")
    monkeypatch.setitem(tasks.TASKS, "diverge", f"{__name__}:diverge")


def _run(settings: dict, channel: Channel | None = None, kind: str = "count", max_s: float = 60.0,
         idle_s: float = 30.0) -> tuple[End, Channel]:
    channel = channel or Channel()
    run_one(Request.of(kind, settings, units=settings.get("n", 0), max_seconds=max_s), channel, idle_s)
    ends = [e for e in channel.events if isinstance(e, End)]
    assert len(ends) == 1 and channel.events[-1] is ends[0] and isinstance(channel.events[0], Start)
    return ends[0], channel


def test_a_run_streams_its_steps_and_ends_with_its_result():
    end, ch = _run({"n": 4})
    assert end.state is State.DONE and end.result == {"sum": 10} and end.done == 4
    assert [e.data for e in ch.events if isinstance(e, Step)] == [{"i": i} for i in range(1, 5)]


def test_stop_idle_and_time_budget_each_end_a_run_between_steps():
    end, _ = _run({"n": 0}, Channel(stop_after=3))
    assert end.state is State.STOPPED and end.done == 3
    end, _ = _run({"n": 0}, Channel(watched=time.time() - 31))
    assert end.state is State.CANCELLED and end.done == 0  # abandoned while it waited in the queue
    end, _ = _run({"n": 0, "sleep": 0.05}, max_s=0.3)
    assert end.state is State.FAILED and end.reason is Reason.OVER_TIME and end.done > 0
    assert "time budget for one run is 0 s" in end.message


def test_a_run_no_longer_ours_ends_silently():
    ch = Channel(owned_for=2)
    run_one(Request.of("count", {"n": 0}), ch)
    assert not any(isinstance(e, End) for e in ch.events)  # whoever took it over says how it ended


def test_errors_and_divergence_are_messages():
    end, _ = _run({"n": 2, "fail": True})
    assert end.state is State.FAILED and end.message == "RuntimeError: the data set is missing"
    end, ch = _run({}, kind="diverge")
    assert end.state is State.DIVERGED and "diverged at step 0" in end.message and end.done == 1
    end, _ = _run({}, kind="no-such-kind")
    assert end.state is State.FAILED and "KeyError" in end.message


def test_progress_is_sent_at_most_four_times_a_second_but_every_new_label():
    ch = Channel()
    ctl = Control(ch, Request.of("count", {}))
    for i in range(200):
        ctl.progress(i, "plain-20" if i < 100 else "ResNet-20")
    sent = [e for e in ch.events if isinstance(e, Progress)]
    assert [e.label for e in sent] == ["plain-20", "ResNet-20"] and ctl.done == 199


def test_the_rules():
    assert over_time(121, 120) and not over_time(120, 120)
    assert unwatched(0.0, 31.0) and not unwatched(0.0, 30.0) and unwatched(0.0, 2.0, idle_s=1.0)


def test_every_task_kind_names_an_importable_function():
    for kind, path in tasks.TASKS.items():
        assert callable(tasks.resolve(path)), kind
    assert callable(tasks.resolve(tasks.PREPARE))


def test_a_child_worker_whose_server_went_away_exits_quietly(root):
    """The server's end of the pipe closes mid-run: no BrokenPipeError traceback, the worker exits."""
    env = os.environ | {"PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "resnet_explorer.runs.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=root)
    try:
        assert json.loads(proc.stdout.readline())["ev"] == "ready"
        from resnet_explorer.lessons.tasks import gradflow_request

        request = gradflow_request("pytorch", depths=(110,), batch=2)
        proc.stdin.write(json.dumps({"op": "run", "request": request.to_wire(), "idle_s": 30,
                                     "watched": time.time()}) + "\n")
        proc.stdin.flush()
        while json.loads(proc.stdout.readline())["ev"] != "progress":
            pass
        proc.stdout.close()  # the server is gone: nobody reads any more
        assert proc.wait(60) == 0
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
