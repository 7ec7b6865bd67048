"""The server's reruns take turns (ui/turns.py): one view runs at a time, a view inside a view and a
whole page pass through their own turn, and the load benchmark's switch names the same variable."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from resnet_explorer.ui import safe, turns

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def free_elsewhere() -> bool:
    """Whether another thread can take the turn now (given back at once if it can)."""
    got = []

    def take() -> None:
        lock = turns.turn()
        got.append(lock.acquire(blocking=False))
        if got[0]:
            lock.release()

    th = threading.Thread(target=take)
    th.start()
    th.join(10)
    return got == [True]


def test_views_on_four_threads_take_turns():
    inside, most, lock = [0], [0], threading.Lock()

    def view() -> None:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.05)  # long enough for the other threads to arrive meanwhile
        with lock:
            inside[0] -= 1

    threads = [threading.Thread(target=safe.view, args=(view, "en")) for _ in range(4)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(10)
    assert most[0] == 1  # never two at once
    assert time.perf_counter() - start >= 4 * 0.05 * 0.9  # one after the other


def test_a_view_inside_a_view_runs_in_the_same_turn():
    out = []
    th = threading.Thread(target=safe.view, args=(lambda: safe.view(lambda: out.append("inner"), "en"), "en"))
    th.start()
    th.join(10)
    assert not th.is_alive() and out == ["inner"]  # re-entrant: no deadlock


def test_a_failing_view_gives_its_turn_back():
    safe.view(lambda: 1 / 0, "en")
    th = threading.Thread(target=lambda: safe.view(lambda: None, "en"))
    th.start()
    th.join(10)
    assert not th.is_alive()


def test_a_whole_page_holds_the_turn_from_first_line_to_last(monkeypatch):
    from resnet_explorer.ui import glossary

    seen = []
    show = glossary.show

    def probe(lang: str) -> None:  # drawn by the page outside any view: only the page's own turn covers it
        seen.append(free_elsewhere())
        show(lang)

    monkeypatch.setattr(glossary, "show", probe)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["tab"] = "layers"
    at.run()
    assert not at.exception and seen == [False]  # another thread could not take the turn meanwhile
    seen.append(free_elsewhere())
    assert seen == [False, True]  # and the page gave it back when it ended


def test_the_load_benchmark_switches_off_the_same_variable():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_load.py"
    spec = importlib.util.spec_from_file_location("bench_load", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.NO_TURNS_ENV == turns.OFF_ENV
