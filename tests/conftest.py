"""Markers for everyday runs: `pytest -n 2 --dist loadfile -m "not browser and not slow"` skips the
real-browser tests and the few slowest ones (measured with `--durations=25`) and runs the rest in two
processes, a test file to each at a time (its module fixtures, such as a worker pool, made once); CI
runs everything, serially."""

from pathlib import Path

import pytest
import torch

# One intra-op thread, as the app's server and workers run (lab.budget.configure_threads on 2 cores).
# With two, every small op waits at an OpenMP barrier for a thread the OS has lent to another process
# (a worker, a browser, a second test run): the same tiny-net computation measured 0.27 s with one
# thread and 7.9 s with two beside one busy core, and the everyday run spent ~60 s of its wall time so.
torch.set_num_threads(1)

BROWSER = {"tests/test_e2e.py"}  # a real Chromium against a live server
SLOW = {
    "tests/test_deploy.py",  # starts nginx, Redis, replicas and workers: 11-27 s a test
    "tests/test_analysis.py::test_every_preset_matches_its_built_model[resnet1202]",  # 15.5 s
    "tests/test_data.py::test_a_small_resnet_learns_the_synthetic_set",  # 5.7 s
    # a second --durations run, over the everyday set once the lessons and the load test had landed
    "tests/test_lessons.py::test_degradation_at_a_cheap_scale_in_one_call",  # 43 s
    "tests/test_lessons.py::test_cli_lesson_and_lesion_json",  # 31 s
    "tests/test_lessons.py::test_lesion_acceptance_on_the_shipped_weights",  # 6.1 s
    "tests/test_load.py::test_bench_load_runs_a_small_class_and_reports_one_line",  # 17.8 s
    "tests/test_jobs.py::test_run_limit_queues_and_stop_frees_the_slot",  # 10.1 s
    "tests/test_jobs.py::test_the_web_servers_process_never_trains",  # 5.3 s
    "tests/test_random_configs.py::test_forward_backward_gives_every_parameter_a_finite_gradient",  # 9.0 s
    "tests/test_url_fuzz.py::test_url_fuzz",  # 7.7 s
    "tests/test_ui_lab.py::test_chinese_and_depth_sweep",  # 7.7 s
    "tests/test_model.py::test_loads_torchvision_state_dict_strictly_and_computes_the_same",  # 5.4-6.8 s each
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in BROWSER:
            item.add_marker(pytest.mark.browser)
        if module in SLOW or item.nodeid in SLOW or item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def app():
    """The app under AppTest on a link that opens the layer tab (only the open tab runs; the totals
    are on it), with the data caches cleared."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.query_params["tab"] = "layers"
    return at
