"""The lab's live view without training: polls that build nothing they need not, a figure cache held
to its bytes (tracemalloc as the oracle), figures that change once a period, a failing fragment that
says one sentence, and links that name a run."""

from __future__ import annotations

import gc
import tracemalloc
from unittest.mock import patch

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from resnet_explorer.i18n import t
from resnet_explorer.lab import plots
from resnet_explorer.lab.budget import CORES
from resnet_explorer.lab.figcache import FigureCache, figures_bytes
from resnet_explorer.runs import State

LIVE = """
from resnet_explorer.ui import lab_live
lab_live.show("en")
"""
TAB = """
from resnet_explorer.presets import preset
from resnet_explorer.ui import lab
lab.show(preset("resnet20"), "en")
"""


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def watched(make_trace, lab_watch):
    """A watch of a twin run in `state` after `steps` steps."""
    def make(state: State, steps: int = 12):
        return lab_watch([make_trace(steps), make_trace(steps, "twin")], state)
    return make


def _live_app(w) -> AppTest:
    at = AppTest.from_string(LIVE, default_timeout=30)
    at.session_state["watch_lab"] = w
    return at


def test_downloads_are_built_only_when_clicked(watched):
    """A rerun of a finished run's view builds neither the CSV nor the JSON (~50 ms each)."""
    built = []
    with patch("resnet_explorer.ui.lab_live.traces_csv", side_effect=lambda trs: built.append("csv") or ""), \
            patch("resnet_explorer.lab.trace.Trace.to_dict", side_effect=lambda: built.append("json") or {}):
        at = _live_app(watched(State.DONE))
        for _ in range(3):
            at.run()
            assert not at.exception
    buttons = at.get("download_button")
    assert {b.proto.label for b in buttons} == {"Download CSV", "Download JSON"}
    assert all(b.proto.HasField("deferred_file_id") for b in buttons)  # a callable, run on click
    assert built == []
    assert len(at.get("plotly_chart")) == 6  # a finished twin run: the full set


def test_a_failing_fragment_says_one_sentence(watched):
    with patch.object(plots, "all_figures", side_effect=RuntimeError("boom")):
        at = _live_app(watched(State.DONE))
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("view_failed", "en")]
    assert any("Finished" in s.value for s in at.success)  # the other fragment still drew


def test_live_figures_change_once_a_period_at_the_same_step_for_everyone():
    # Hand-made clock: a step every 0.125 s (exact in binary; the default run takes ~0.15 s), period 3 s.
    times = [0.125 * (i + 1) for i in range(150)]
    shown = [plots.live_steps(times[:n], 3.0) for n in range(1, 151)]
    # Before 3 s the first step; from the step that ends at 3 s, the 23 steps done before it.
    assert shown[0] == 1 and shown[22] == 1 and shown[23] == 23
    assert shown[-1] == 143  # 18.75 s: the steps done before 18 s
    assert len(set(shown)) == 7  # 1, then one value a period: 3, 6, 9, 12, 15, 18 s
    assert shown == sorted(shown) and all(s <= n for s, n in zip(shown, range(1, 151)))
    assert plots.live_steps([]) == 0


def test_a_poll_between_two_redraws_hands_over_the_same_figures(watched):
    from resnet_explorer.ui import lab_live, labrun

    w = watched(State.RUNNING, 40)
    a = lab_live.figures(w, lab_live.shown_traces(w), 0, "en", True)
    b = lab_live.figures(w, lab_live.shown_traces(w), 0, "en", True)
    assert a is b and set(a) == {"curves", "profile"}
    full = labrun.traces(w)[0]
    n = plots.live_steps(full.time_s)
    assert a["curves"].data[0].x[-1] == full.step[n - 1]


def _held(build) -> tuple[int, int]:
    """(the count, the memory deleting the built set gives back, measured by tracemalloc): what
    the set itself holds, without the caches plotly fills on the way."""
    tracemalloc.start()
    figs = build()
    counted = figures_bytes(figs)
    gc.collect()
    full = tracemalloc.get_traced_memory()[0]
    del figs
    gc.collect()
    held = full - tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return counted, held


def test_figure_sets_are_counted_on_the_safe_side(make_trace):
    """The count is at least the memory tracemalloc sees a set hold, and not far above it."""
    traces = [make_trace(150), make_trace(150, "twin")]
    plots.all_figures(traces, 0, "en")  # plotly's one-time set-up, outside the measurement
    for n in (2, 40, 150):
        heads = [tr.head(n) for tr in traces]
        for build in (lambda h=heads: plots.live_figures(h, "en"),
                      lambda h=heads, i=n - 1: plots.all_figures(h, i, "en")):
            counted, held = _held(build)
            assert 0 < held <= counted <= 3 * held


def test_figure_cache_stays_within_its_bytes(make_trace):
    traces = [make_trace(40), make_trace(40, "twin")]
    one = figures_bytes(plots.live_figures([tr.head(10) for tr in traces], "en"))
    cache = FigureCache(max_bytes=5 * one)
    tracemalloc.start()
    for n in range(10, 30):  # 20 distinct steps, each set at least as big as the first
        cache.get(("run", n), lambda n=n: plots.live_figures([tr.head(n) for tr in traces], "en"))
    assert 1 <= len(cache) < 5 and cache.bytes <= cache.max_bytes
    hit = cache.get(("run", 29), lambda: pytest.fail("the latest set was evicted"))
    assert set(hit) == {"curves", "profile"}
    del hit
    # Measured, not only counted: the memory that emptying the cache gives back.
    gc.collect()
    full = tracemalloc.get_traced_memory()[0]
    cache.clear()
    gc.collect()
    held = full - tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert 0 < held <= cache.max_bytes
    huge = FigureCache(max_bytes=10)
    assert huge.get("k", lambda: plots.live_figures(traces, "en")) and len(huge) == 0


def test_a_link_to_an_unknown_run_says_it_is_lost():
    at = AppTest.from_string(TAB, default_timeout=30)
    at.query_params["run"] = "0" * 32
    at.run()
    assert not at.exception
    assert any("This run is lost" in e.value for e in at.error)
    assert at.button(key="lab_start").disabled is False


@pytest.mark.parametrize("value", ["zz", "[x](http://evil)", "0" * 31, "A" * 32])
def test_a_malformed_run_in_the_link_is_a_message(value):
    at = AppTest.from_string(TAB, default_timeout=30)
    at.query_params["run"] = value
    at.run()
    assert not at.exception and "run" not in at.query_params
    assert [w.value for w in at.warning if "run name" in w.value] == [t("lab_bad_run", "en")]


def test_the_estimate_says_when_the_machine_is_busy():
    at = AppTest.from_string(TAB, default_timeout=30)
    with patch("os.getloadavg", return_value=(0.2, 0.2, 0.2)):
        at.run()
    assert not any("assumes an idle machine" in c.value for c in at.caption)
    with patch("os.getloadavg", return_value=(CORES + 1.5, 1.0, 1.0)):
        at.run()
    assert any(f"load average {CORES + 1.5:.1f} on {CORES} cores" in c.value for c in at.caption)
