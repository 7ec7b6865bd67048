"""Server cost of a class watching one run: N sessions start the same default run (so it trains
once) and each polls it. Run by hand: `python benchmarks/bench_classroom.py [sessions]`.

Each session is a Streamlit AppTest of the real app in this process (the run itself trains in a
worker process); a poll is one rerun of the app (a click); the live fragment's tick reruns only the
lab's plots, measured apart: building the figures (once a step, shared by every session watching)
and handing them to Streamlit (each session), and what that means for a class of 60 polling once a
second. For whole-class load over the real websocket protocol, see bench_load.py.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io  # noqa: E402
import plotly.tools  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from resnet_explorer.lab import plots as lab_plots  # noqa: E402
from resnet_explorer.ui import labrun  # noqa: E402
from resnet_explorer.ui.runs import registry  # noqa: E402

POLLS = 3


def main(sessions: int) -> None:
    apps = []
    for _ in range(sessions):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["preset"] = "resnet20"
        at.run()
        apps.append(at)
    for at in apps:  # everyone presses Start: one job, shared
        at.button(key="lab_start").click().run()
    print(f"sessions: {sessions}, jobs training: {registry().active()}")
    times = []
    for _ in range(POLLS):
        for at in apps:
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
    per_poll = statistics.median(times)
    print(f"whole-app rerun (a click or a widget change) while the run trains: median "
          f"{per_poll * 1e3:.0f} ms, max {max(times) * 1e3:.0f} ms")
    w = apps[0].session_state["watch_lab"]
    w.poll()
    traces = [tr for tr in labrun.traces(w) if len(tr)]
    i = len(traces[0]) - 1
    build, send = [], []
    for _ in range(5):
        start = time.perf_counter()
        figs = ([lab_plots.heatmap(tr, "en") for tr in traces] + [lab_plots.depth_profile(traces, i, "en"),
                lab_plots.curves(traces, "en")] + [lab_plots.split(tr, i, "en") for tr in traces])
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        for fig in figs:  # what st.plotly_chart does with a figure it is handed
            plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True),
                              validate=False)
        send.append(time.perf_counter() - start)
    b, s = statistics.median(build), statistics.median(send)
    print(f"live plots a poll: building the {len(figs)} figures {b * 1e3:.0f} ms (once a step, shared), "
          f"handing them to Streamlit {s * 1e3:.0f} ms (each session)")
    print(f"60 sessions polling once a second: {60 * (b + s):.1f} CPU-s/s if each built its own, "
          f"{60 * s + b:.1f} with shared figures")
    for at in apps:
        mine = at.session_state["watch_lab"]
        mine.handles[0].stop(mine.tokens[0])
    w.handles[0].wait(60)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
