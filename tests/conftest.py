"""Markers for everyday runs: `pytest -m "not browser and not slow"` skips the real-browser tests and
the few slowest ones (measured with `--durations=25`); CI runs everything."""

import pytest

BROWSER = {"tests/test_e2e.py"}  # a real Chromium against a live server
SLOW = {
    "tests/test_deploy.py",  # starts nginx, Redis, replicas and workers: 11-27 s a test
    "tests/test_counts.py::test_every_preset_matches_its_built_model[resnet1202]",  # 15.5 s
    "tests/test_data.py::test_a_small_resnet_learns_the_synthetic_set",  # 5.7 s
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in BROWSER:
            item.add_marker(pytest.mark.browser)
        if module in SLOW or item.nodeid in SLOW:
            item.add_marker(pytest.mark.slow)
