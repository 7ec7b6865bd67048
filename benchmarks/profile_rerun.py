"""Server CPU of one rerun of the app, split by view: `python benchmarks/profile_rerun.py [--top N]`.

Runs app.py under AppTest (the script runs in a thread of this process, as on the server) and
times each view with `time.thread_time` (CPU of the script thread only, so other threads and the
test harness are not counted). For the default link and for links that open each tab (`?tab=`), with
cold caches: the first open, a rerun with nothing changed, a sidebar change to a net not seen before
and a change back to a cached one. `--top N` adds the N costliest functions (cProfile on thread CPU,
cumulative) of a cached sidebar change with the layer tab open (a run of its own).
Every view that exists in resnet_explorer.ui is timed, whatever the shell does
with it; a view that did not run shows 0.

Measured with it on the 2-core machine, and why the code is as it is: Streamlit's own hash of a
NetConfig (field by field) took about 1 ms a lookup, a fifth of a cached rerun, so ui/cached.py keys
nets by their repr; pandas -> Arrow was a tenth of a rerun, so the layer tab hands st.dataframe Arrow
tables built once per net; the PyTorch and torchinfo download texts take 1.5-1.8 s of CPU for a new
net, so they are built when their button is clicked.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import resnet_explorer.ui as shell  # noqa: E402

VIEWS = ("sidebar", "lessons", "layers", "diagrams", "lab")
spent: dict[str, float] = defaultdict(float)
profiler: cProfile.Profile | None = None


def _timed(name: str, fn):
    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.thread_time() - start
    return wrapper


def _instrument() -> None:
    """Wrap each view's show() and the shell's main() (app.py looks main up on every run)."""
    wrapped = {}
    for name in VIEWS:
        module = getattr(shell, name, None)
        if module is not None and hasattr(module, "show"):
            wrapped[module.show] = module.show = _timed(name, module.show)
    if hasattr(shell, "VIEWS"):  # the shell's own table of views holds the functions themselves
        shell.VIEWS = tuple(tuple(wrapped.get(x, x) for x in row) for row in shell.VIEWS)
    main = shell.main

    def profiled_main() -> None:
        if profiler is not None:
            profiler.enable()
        try:
            _timed("total", main)()
        finally:
            if profiler is not None:
                profiler.disable()
    shell.main = profiled_main


def _run(at: AppTest, label: str, rows: list) -> AppTest:
    spent.clear()
    at.run()
    if at.exception:
        raise SystemExit(f"{label}: {at.exception[0].value}")
    rows.append((label, dict(spent)))
    return at


def main() -> None:
    global profiler
    profiler_done = None
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=0, help="show the N costliest functions")
    args = parser.parse_args()
    _instrument()
    st.cache_data.clear()
    st.cache_resource.clear()
    rows: list = []
    app = str(ROOT / "app.py")
    for tab in (None, "layers", "diagrams", "lab"):
        at = AppTest.from_file(app, default_timeout=60)
        if tab:
            at.query_params["tab"] = tab
        name = f"tab={tab or 'default'}"
        _run(at, f"{name}: open", rows)
        _run(at, f"{name}: rerun, nothing changed", rows)
        at.sidebar.selectbox(key="preset").select("resnet101")
        _run(at, f"{name}: sidebar -> resnet101", rows)
        at.sidebar.selectbox(key="preset").select("resnet18")
        _run(at, f"{name}: sidebar -> resnet18 (cached)", rows)
        if tab == "layers" and args.top:  # once more under the profiler, left out of the table
            profiler = cProfile.Profile(time.thread_time)
            at.sidebar.selectbox(key="preset").select("resnet101")
            _run(at, "profiled", [])
            profiler_done, profiler = profiler, None
        st.cache_data.clear()
        st.cache_resource.clear()
    print(f"{'scenario':40s}" + "".join(f"{v:>10s}" for v in (*VIEWS, "other", "total")))
    for label, t in rows:
        other = t.get("total", 0.0) - sum(t.get(v, 0.0) for v in VIEWS)
        cells = [t.get(v, 0.0) for v in VIEWS] + [other, t.get("total", 0.0)]
        print(f"{label:40s}" + "".join(f"{c * 1000:9.0f}ms" for c in cells))
    if profiler_done is not None:
        out = io.StringIO()
        pstats.Stats(profiler_done, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
