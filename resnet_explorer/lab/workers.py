"""Training worker processes: the web server's process never trains.

A worker is a long-lived `python -m resnet_explorer.lab.workers` process (~1.7 s and ~220 MB to
start, so it is kept and reused). It runs one task at a time (a lab run, or a lesson's experiment:
lesson_tasks.py) and streams each step back
as one line of JSON: plain numbers and names, never pickled objects, so a worker's output cannot
make the server run code. It runs at a lower CPU priority (`nice`), so that on a small machine the
web server's reruns come first and training takes what is left.

- Embedded (the default): the server starts a small pool of workers as child processes and
  talks to each over its stdin/stdout (`WorkerProcess`, `Pool`); a worker whose server goes away
  reads end-of-file and exits.
- Shared (`RESNET_EXPLORER_REDIS_URL`): workers started with `--redis URL` take runs from a Redis
  queue instead (see `store.py`), on this machine or others.

`run_task()` is the entry both share: settings in, events out, with the task's time budget enforced
between steps (`train()` for a lab run, `lesson_tasks.run` for a lesson).
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable

# CPU priority of the workers (0-19): under a full class the pages come first and training takes
# what is left (at 10, about a tenth of a busy machine); a server with spare cores can use 0.
NICE_ENV = "RESNET_EXPLORER_WORKER_NICE"
WORKERS_ENV = "RESNET_EXPLORER_WORKERS"


def default_workers() -> int:
    """Runs at once: the cores left after the web server's one, at least one (env var overrides)."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "")))
    except ValueError:
        return max(1, (os.cpu_count() or 1) - 1)


def over_time_message(elapsed: float, budget: float) -> str:
    return (f"stopped after {elapsed:.0f} s: this server's time budget for one run is {budget:.0f} s "
            f"(the estimate before the start was too low for this machine's load)")


# -- the worker side ------------------------------------------------------------------------------

def trace_meta(trace) -> dict:
    """A trace's fixed fields (label, config, layer map, note) as plain JSON values."""
    out = {}
    for f in dataclasses.fields(trace):
        value = getattr(trace, f.name)
        if isinstance(value, list):
            continue
        if f.name == "config":
            value = value.as_dict()
        elif dataclasses.is_dataclass(value):
            value = dataclasses.asdict(value)
        out[f.name] = value
    return out


def trace_delta(trace, sent: dict[str, int]) -> dict:
    """What the trace's growing lists gained since `sent` (updated): {field: [new items]};
    tuple items (e.g. (step, accuracy)) travel as lists and are named in "_tuples"."""
    out: dict = {"_tuples": []}
    for f in dataclasses.fields(trace):
        value = getattr(trace, f.name)
        if isinstance(value, list) and len(value) > sent.get(f.name, 0):
            new = value[sent.get(f.name, 0):]
            if isinstance(new[0], tuple):
                out["_tuples"].append(f.name)
            out[f.name] = [list(x) if isinstance(x, tuple) else x for x in new]
            sent[f.name] = len(value)
    return out


def trace_from_meta(meta: dict):
    """The empty Trace a run's "start" event describes (in the server's process)."""
    from ..config import NetConfig
    from .trace import LayerMap, Trace

    values = dict(meta)
    values["config"] = NetConfig(**values["config"])
    if "map" in values:
        values["map"] = LayerMap(**{k: tuple(v) for k, v in values["map"].items()})
    return Trace(**values)


def apply_delta(trace, delta: dict) -> None:
    tuples = set(delta.get("_tuples", ()))
    for name, items in delta.items():
        if name != "_tuples":
            getattr(trace, name).extend(tuple(x) for x in items) if name in tuples \
                else getattr(trace, name).extend(items)


def train(task: dict, should_stop: Callable[[], str], emit: Callable[[dict], None]) -> None:
    """Run `task` ({"net", "train", "device", "max_seconds"}) to its end, emitting "start", one "step"
    per step and one "end" ({"state", "message", "steps"}). `should_stop()` returns "" or the state
    to end in ("stopped", "cancelled"); it is asked between steps."""
    import torch

    from ..config import NetConfig
    from .training import Diverged, TrainConfig, TrainingRun, default_device

    t0 = time.perf_counter()
    run = None
    try:
        device = default_device() if task["device"] == "auto" else torch.device(task["device"])
        run = TrainingRun(NetConfig(**task["net"]), TrainConfig(**task["train"]), device)
        emit({"ev": "start", "nets": [trace_meta(tr) for tr in run.traces]})
        sent: list[dict[str, int]] = [{} for _ in run.traces]

        def step_event() -> dict:
            return {"ev": "step", "steps": run.steps_done,
                    "nets": [trace_delta(tr, s) for tr, s in zip(run.traces, sent)]}

        while not run.done:
            reason = should_stop()
            elapsed = time.perf_counter() - t0
            if reason:
                return emit({"ev": "end", "state": reason, "message": "", "steps": run.steps_done})
            if elapsed > task["max_seconds"]:
                return emit({"ev": "end", "state": "failed", "reason": "over_time", "steps": run.steps_done,
                             "message": over_time_message(elapsed, task["max_seconds"])})
            try:
                run.step()
            except Diverged as e:
                emit(step_event())
                return emit({"ev": "end", "state": "diverged", "message": str(e), "steps": e.step + 1})
            emit(step_event())
        emit({"ev": "end", "state": "done", "message": "", "steps": run.steps_done})
    except Exception as e:  # reported to the watchers; the worker carries on with the next run
        emit({"ev": "end", "state": "failed", "message": f"{type(e).__name__}: {e}",
              "steps": run.steps_done if run else 0})
    finally:
        if run is not None:
            run.close()


def run_task(task: dict, should_stop: Callable[[], str], emit: Callable[[dict], None]) -> None:
    """One task of any kind: a lab run (no "kind", or "run"), or a lesson's experiment
    (lesson_tasks.KINDS), which streams "progress" and ends with its "result"."""
    kind = task.get("kind", "run")
    if kind == "run":
        return train(task, should_stop, emit)
    from . import lesson_tasks

    if kind not in lesson_tasks.KINDS:
        return emit({"ev": "end", "state": "failed", "message": f"unknown task kind {kind!r}", "steps": 0})
    lesson_tasks.run(task, should_stop, emit, over_time_message)


def prepare_process() -> None:
    """Lower priority, the thread policy, and the slow imports paid before the first run."""
    try:
        os.nice(min(19, max(0, int(os.environ.get(NICE_ENV, "10")))))
    except (OSError, ValueError):
        pass
    from . import budget, training  # noqa: F401

    budget.configure_threads()
    budget.warm_imports()


def serve_stdio() -> None:
    """The embedded worker: tasks on stdin, events on stdout, one JSON object a line."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to stderr, never into the protocol
    prepare_process()
    tasks: queue.Queue = queue.Queue()
    cancel = threading.Event()

    def read() -> None:
        for line in sys.stdin:
            msg = json.loads(line)
            if msg.get("op") == "stop":
                cancel.set()
            elif msg.get("op") == "run":
                cancel.clear()  # here, in arrival order: a stop sent right after its run still counts
                tasks.put(msg)
        cancel.set()  # the server went away: stop the run in progress too
        tasks.put(None)

    threading.Thread(target=read, daemon=True).start()

    def emit(event: dict) -> None:
        try:
            out.write(json.dumps(event) + "\n")
        except (BrokenPipeError, OSError, ValueError):
            # The server is gone and nobody reads any more: end quietly, without flushing `out`
            # again at exit (which would print a BrokenPipeError of its own).
            os._exit(0)

    emit({"ev": "ready"})
    while (task := tasks.get()) is not None:
        run_task(task, lambda: "stopped" if cancel.is_set() else "", emit)


# -- the server side (embedded) -------------------------------------------------------------------

class WorkerProcess:
    """One worker child process; its events arrive on `events` (None: the process has ended)."""

    def __init__(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH", "")]))
        env = os.environ | {"PYTHONUNBUFFERED": "1", "PYTHONPATH": path}
        self.proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True, name="lab-worker-read").start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                continue
        self.events.put(None)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, msg: dict) -> bool:
        try:
            self.proc.stdin.write(json.dumps(msg) + "\n")
            self.proc.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def kill(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait(10)

    def close(self) -> None:
        """Ask it to exit (end-of-file on its stdin), then make sure."""
        try:
            self.proc.stdin.close()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


class Pool:
    """Idle workers kept warm; `take()` starts one when none is idle, `give()` returns it."""

    def __init__(self, size: int):
        self.size = size
        self._idle: list[WorkerProcess] = []
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start the workers now (at server start) instead of in the first students' runs."""
        with self._lock:
            while len(self._idle) < self.size:
                self._idle.append(WorkerProcess())

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Block until every idle worker has finished starting (benchmarks time runs, not start-up)."""
        with self._lock:
            idle = list(self._idle)
        for worker in idle:
            event = worker.events.get(timeout=timeout)
            if event is None:
                raise RuntimeError(f"worker {worker.pid} exited while starting")

    def take(self) -> WorkerProcess:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
        return WorkerProcess()

    def give(self, worker: WorkerProcess) -> None:
        with self._lock:
            if worker.alive and len(self._idle) < self.size:
                self._idle.append(worker)
                return
        worker.close()

    def idle_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._idle if w.alive]

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "--redis":
        from .store import serve_redis

        serve_redis(argv[1])
    elif not argv:
        serve_stdio()
    else:
        sys.exit("usage: python -m resnet_explorer.lab.workers [--redis redis://host:port/0]")


if __name__ == "__main__":
    main(sys.argv[1:])
