"""A twin run watched in a browser against the same run with nobody watching, and the estimate.

    python benchmarks/bench_watch.py [--repeats 1] [--max-load 1.5] [--wait 600]

1. Headless: the lab's default run (default_net() and TrainConfig(), the page's defaults) through
   the job registry and its worker process, as the app runs it, polled once a second like a page.
2. Watched: the app (`streamlit run app.py`, benchmarks/load_server.Server), the lab tab open in
   headless Chromium, Start clicked; timed from the click to "Finished" on the page.
3. The estimate the page shows before the start (its caption), against both.
Wall times, the run's own time (from its start in the worker: what "Finished in" says), and CPU
seconds of the server process, its worker processes and the browser during the watched run.
Waits until the 1-minute load average is under --max-load before each measurement (others share the
cores) and prints the load it measured under. Last line:
`watch: headless_s=H watched_s=W ratio=R estimate_s=E estimate_error=X load=L`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_server import Server, descendants  # noqa: E402
from resnet_explorer.lab import budget  # noqa: E402
from resnet_explorer.lab.settings import TrainConfig, default_net  # noqa: E402
from resnet_explorer.lab.task import lab_request  # noqa: E402
from resnet_explorer.runs import Runs, State  # noqa: E402
from tests.browser import browser_page  # noqa: E402


def wait_quiet(max_load: float, wait_s: float) -> float:
    """The 1-minute load average once it is under max_load (or after wait_s, said so)."""
    end = time.monotonic() + wait_s
    while True:
        load = os.getloadavg()[0]
        if load < max_load:
            return load
        if time.monotonic() > end:
            print(f"  load still {load:.2f} after {wait_s:.0f} s: measuring anyway")
            return load
        print(f"  load {load:.2f} >= {max_load}: waiting")
        time.sleep(15)


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


def headless() -> tuple[float, float, float]:
    """(wall from submit to the end, the run's own time, the estimate) with nobody watching but a
    poll a second, as a page's."""
    runs = Runs.local()
    try:
        runs.scheduler.wait_ready()
        time.sleep(2)  # let the workers' start-up settle, as a server's would long before a click
        est = budget.estimate(default_net(), TrainConfig())
        t0 = time.perf_counter()
        job, token = runs.submit(lab_request(default_net(), TrainConfig(), est, budget.Budget().max_seconds))
        while True:
            snap = job.poll(token)
            if not snap.state.active:
                break
            time.sleep(1.0)
        wall = time.perf_counter() - t0
        if snap.state is not State.DONE:
            raise SystemExit(f"headless run ended {snap.state.value}: {snap.message}")
        return wall, snap.elapsed_s, est.seconds
    finally:
        runs.close()


def _seconds(text: str) -> float:
    """"23 s" or "1.5 min", as the page writes durations."""
    m = re.search(r"([\d.]+) (s|min)\b", text)
    if not m:
        raise ValueError(f"no duration in {text!r}")
    return float(m.group(1)) * (60 if m.group(2) == "min" else 1)


def _settle(server: Server, quiet_cores: float = 0.15, limit_s: float = 90) -> None:
    """Until the server and its workers have started (CPU under quiet_cores for a second)."""
    end = time.monotonic() + limit_s
    before = cpu_seconds(server.pids())
    while time.monotonic() < end:
        time.sleep(1.0)
        now = cpu_seconds(server.pids())
        if now - before < quiet_cores and len(server.pids()) >= 2:
            return
        before = now


def watched(verbose: bool = False) -> dict[str, float]:
    server = Server(ROOT)
    url = server.start()
    try:
        with browser_page(1440, 1000) as page:
            page.goto(url + "/?tab=lab")
            start = page.get_by_role("button", name="Start training")
            start.wait_for(timeout=120_000)
            estimate = _seconds(page.get_by_text("Estimate before starting").first.inner_text())
            _settle(server)
            main_pid = server.proc.pid
            streamlit = [p for p in server.pids() if "streamlit" in " ".join(_cmd(p))] or [main_pid]
            browser_pids = [p for p in descendants(os.getpid()) if "chrom" in " ".join(_cmd(p))]
            cpu0 = _cpu_split(server, streamlit, browser_pids)
            t0 = time.perf_counter()
            start.click()
            done = page.get_by_text("Finished in")
            timeline = []  # (seconds since the click, browser CPU seconds so far)
            while not done.count() and time.perf_counter() - t0 < 600:
                page.wait_for_timeout(500)
                browser_pids = [p for p in descendants(os.getpid()) if "chrom" in " ".join(_cmd(p))]
                timeline.append((time.perf_counter() - t0, cpu_seconds(browser_pids) - cpu0["browser"]))
            wall = time.perf_counter() - t0
            cpu1 = _cpu_split(server, streamlit, browser_pids)
            page.wait_for_timeout(3000)  # the full set drawn after the end, not in the timed part
            after = cpu_seconds(browser_pids) - cpu0["browser"] - (cpu1["browser"] - cpu0["browser"])
            own = _seconds(done.inner_text())
    finally:
        server.stop()
    if verbose:
        print("  browser CPU s since the click: " + ", ".join(f"{t:.0f}s:{c:.1f}" for t, c in timeline[::4]))
        print(f"  browser CPU s in the 3 s after the end (the full set drawn): {after:.1f}")
    return {"wall": wall, "own": own, "estimate": estimate,
            **{f"cpu_{k}": cpu1[k] - cpu0.get(k, 0.0) for k in cpu1}}


def _cmd(pid: int) -> list[str]:
    try:
        return psutil.Process(pid).cmdline()
    except psutil.Error:
        return []


def _cpu_split(server: Server, streamlit: list[int], browser_pids: list[int]) -> dict[str, float]:
    workers = [p for p in server.pids() if p not in streamlit]
    return {"server": cpu_seconds(streamlit), "workers": cpu_seconds(workers),
            "browser": cpu_seconds(browser_pids)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--max-load", type=float, default=1.5)
    p.add_argument("--wait", type=float, default=600, help="seconds to wait for a quiet machine")
    p.add_argument("--timeline", action="store_true", help="print the browser's CPU over the run")
    p.add_argument("--watched-only", action="store_true", help="skip the headless run")
    args = p.parse_args()
    print(f"{budget.CORES} cores, {budget.THREADS_PER_NET} thread(s) a net; "
          f"default run: {TrainConfig().steps} steps, batch {TrainConfig().batch_size}, twin")
    heads, walls, loads, est = [], [], [], 0.0
    for r in range(args.repeats):
        loads.append(wait_quiet(args.max_load, args.wait))
        if not args.watched_only:
            h_wall, h_own, est = headless()
            heads.append(h_wall)
            print(f"  headless {r + 1}: wall {h_wall:.1f} s, run {h_own:.1f} s, estimate {est:.1f} s "
                  f"(load before {loads[-1]:.2f})")
            loads.append(wait_quiet(args.max_load, args.wait))
        w = watched(args.timeline)
        walls.append(w["wall"])
        print(f"  watched {r + 1}: wall {w['wall']:.1f} s (click to 'Finished'), run {w['own']:.0f} s, "
              f"page estimate {w['estimate']:.0f} s; CPU s: server {w['cpu_server']:.1f}, workers "
              f"{w['cpu_workers']:.1f}, browser {w['cpu_browser']:.1f} (load before {loads[-1]:.2f})")
    if not heads:
        return
    h, w = statistics.median(heads), statistics.median(walls)
    print(f"watch: headless_s={h:.1f} watched_s={w:.1f} ratio={w / h:.2f} estimate_s={est:.1f} "
          f"estimate_error={est / h - 1:+.0%} load={max(loads):.2f}")


if __name__ == "__main__":
    main()
