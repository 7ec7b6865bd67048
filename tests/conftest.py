"""Markers for everyday runs: `pytest -n 2 --dist loadfile -m "not browser and not slow"` skips the
real-browser tests and the few slowest ones (measured with `--durations=40`) and runs the rest in two
processes, a test file to each at a time (its module fixtures, such as a worker pool, made once); CI
runs everything, serially."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

# One intra-op thread, as the app's server and workers run (lab.budget.configure_threads on 2 cores).
# With two, every small op waits at an OpenMP barrier for a thread the OS has lent to another process
# (a worker, a browser, a second test run), many times slower beside one busy core.
torch.set_num_threads(1)

BROWSER = {"tests/test_e2e.py"}  # a real Chromium against a live server
SLOW = {  # each among the slowest of the everyday run, by `--durations=40`
    "tests/test_deploy.py",  # starts nginx, Redis, replicas and workers
    "tests/test_analysis.py::test_every_preset_matches_its_built_model[resnet1202]",
    "tests/test_data.py::test_a_small_resnet_learns_the_synthetic_set",
    "tests/test_lesion.py::test_lesion_acceptance_on_the_shipped_weights",  # scores 25 lesioned nets
    "tests/test_lesson_tasks.py::test_the_lesion_task_is_the_study_of_the_net_it_trained",  # twice
    "tests/test_ui_lessons.py::test_degradation_shows_the_recording_then_the_live_runs_from_workers",
    "tests/test_load.py::test_bench_load_runs_a_small_class_and_reports_one_line",  # starts a server
    "tests/test_load.py::test_bench_class_runs_a_small_class_and_reports_one_line",  # starts a server
    "tests/test_random_configs.py::test_forward_backward_gives_every_parameter_a_finite_gradient",
    "tests/test_url_fuzz.py::test_url_fuzz",
    "tests/test_ui_lab.py::test_chinese_and_depth_sweep",
    "tests/test_model.py::test_loads_torchvision_state_dict_strictly_and_computes_the_same",
    # a thousand reruns of one page each (the class logic's own tests send a thousand on both stores)
    "tests/test_class_app.py::test_a_flood_of_votes_from_one_page_counts_one_vote",
    "tests/test_class_app.py::test_random_codes_are_refused_with_a_message",
    "tests/test_class_app.py::test_hostile_join_links_are_one_message_and_echo_nothing",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in BROWSER:
            item.add_marker(pytest.mark.browser)
        if module in SLOW or item.nodeid in SLOW or item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)


# -- shared helpers (fixtures: tests never import one another) ----------------------------------------
ROOT = Path(__file__).resolve().parent.parent


def _until(cond, timeout: float = 60.0, every: float = 0.05) -> None:
    """Return once `cond()` is true; fail the test after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(every)


@pytest.fixture(scope="session")
def until():
    return _until


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def app():
    """The app under AppTest on a link that opens the layer tab (only the open tab runs; the totals
    are on it), with the data caches cleared."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["tab"] = "layers"
    return at


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def port():
    return free_port


@pytest.fixture
def redis_url():
    """A fresh redis-server on loopback, nothing on disk; the test is skipped without Debian's
    redis-server."""
    if shutil.which("redis-server") is None:
        pytest.skip("Debian's redis-server is not installed")
    import redis

    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"

    def pings() -> bool:
        try:
            return redis.Redis.from_url(url).ping()
        except redis.ConnectionError:
            return False

    _until(pings, 20, 0.1)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def redis_worker(redis_url):
    """Start Redis workers (`python -m resnet_explorer.runs.redis_worker URL`); all killed after."""
    procs = []

    def start() -> subprocess.Popen:
        procs.append(subprocess.Popen([sys.executable, "-m", "resnet_explorer.runs.redis_worker", redis_url],
                                      cwd=ROOT))
        return procs[-1]

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


@pytest.fixture(scope="session")
def make_trace():
    """A lab Trace of `steps` made-up steps of ResNet-20 (numbers a real run could have)."""
    import numpy as np

    from resnet_explorer.lab.trace import LayerMap, Trace
    from resnet_explorer.presets import preset
    from resnet_explorer.spec import build_spec

    def make(steps: int, label: str = "net") -> Trace:
        cfg = preset("resnet20")
        tr = Trace(label, cfg, LayerMap.of(build_spec(cfg)))
        rng = np.random.default_rng(0)
        nl, nb = len(tr.layers), len(tr.blocks)
        for i in range(steps):
            grads = (10.0 ** rng.uniform(-4, -1, nl)).tolist()
            tr.append(i, 0.1 * i, 0.1, {"loss": 2.3 / (1 + i), "accuracy": 0.1, "grad_norm": grads,
                                        "update_ratio": [1e-3] * nl, "weight_norm": [1.0] * nl,
                                        "act_mean": [0.0] * nb, "act_std": [1.0] * nb,
                                        "shortcut_grad": [0.5] * nb, "branch_grad": [0.05] * nb})
        tr.eval_accuracy.append((steps - 1, 0.3))
        return tr

    return make


class FixedRun:
    """A run handle that always shows one snapshot (UI tests: nothing trains)."""

    def __init__(self, snapshot, request=None, key: str = "f" * 32):
        self.snapshot, self.request, self.key = snapshot, request, key
        self.stopped: list[str | None] = []
        self._views: dict = {}

    def poll(self, token=None):
        return self.snapshot

    def stop(self, token=None) -> None:
        self.stopped.append(token)

    def wait(self, timeout=None) -> bool:
        return not self.snapshot.state.active

    def view(self, name, make):
        return self._views.setdefault(name, make())


@pytest.fixture(scope="session")
def lab_watch():
    """A ui.watch.Watch of a lab run showing `traces` in `state` (the events a worker would send)."""
    from resnet_explorer.runs import Request, Snapshot

    def make(traces, state, request: Request | None = None):
        from resnet_explorer.ui.watch import Watch

        sent = [{} for _ in traces]
        n = len(traces[0])
        steps = tuple([tr.head(i).delta(s) for tr, s in zip(traces, sent)] for i in range(1, n + 1))
        # eval_accuracy entries sit at their step; head(n) keeps those before n: send the rest at the end
        for tr, s, last in zip(traces, sent, steps[-1]):
            last.update({k: v for k, v in tr.delta(s).items()})
        snap = Snapshot(state, n, n, elapsed_s=3.0, eta_s=0.0, meta=[tr.meta() for tr in traces], steps=steps,
                        started_at=time.time() - 3, ended_at=0.0 if state.active else time.time())
        run = FixedRun(snap, request)
        return Watch((request,), (run,), ("token",), (snap,), final_rerun=True)

    return make
