"""Waiting on jobs in tests: poll a condition with a deadline, and stop a registry's jobs so that
nothing keeps training into the next test."""

from __future__ import annotations

import time
from collections.abc import Callable


def until(cond: Callable[[], object], timeout: float = 60.0, every: float = 0.05) -> None:
    """Return once `cond()` is true; fail the test after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(every)


def stop_jobs(registry) -> None:
    """Stop every job of an in-process registry and wait for each to end."""
    for job in list(registry._jobs.values()):
        job.stop()
        job.wait(30)
