"""The lessons on this machine: their claims on seeds nobody tuned to, and their live runs with the
page open in headless Chromium (the teacher's laptop runs both).

    python benchmarks/bench_lessons.py claims --lesson degradation --seeds 9000-9009
    python benchmarks/bench_lessons.py claims --lesson lesion --seeds 9100-9104
    python benchmarks/bench_lessons.py page --lesson degradation [--repeats 3] [--seed 0]
    python benchmarks/bench_lessons.py alone [--lessons degradation,lesion,...]

`claims` trains every seed's nets with the lesson's own recipe as the app does (runs in two worker
processes, lessons/tasks.py), checks the lesson's claim on each (lessons/trained_claims.py) and
prints a table and `LESSON: k/N seeds`. `page` starts the app, opens the lesson in Chromium (1280x720),
presses its live re-run and times the click to the page saying the live result is there, on a
fresh server each repeat (a second run on the same server would join the first); it prints each
net's own time and `page: lesson=L repeats=R median_s=M min_s=A max_s=B load=X`.

Measured on the 2-core machine (figures in the README): the recipe's nets alone, one thread, idle:
ResNet-56 about 25 s, plain-56 about 25 s, ResNet-20 and plain-20 about 10 s each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_explorer.lessons import degradation, lesion, tasks, trained_claims  # noqa: E402
from resnet_explorer.runs import Runs, State  # noqa: E402

LIVE = {  # lesson -> (the button that starts the live run, the caption once it is there)
    "degradation": ("Re-run live", "Live run on this server"),
    "lesion": ("Retrain both nets", "Retrained live on this server"),
}


def seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def _results(runs: Runs, requests) -> list[dict]:
    joined = [runs.submit(r) for r in requests]
    while any([h.poll(tok).state.active for h, tok in joined]):  # every run watched, as a page does
        time.sleep(0.5)
    snaps = [h.poll() for h, _ in joined]
    bad = [s for s in snaps if s.state is not State.DONE]
    if bad:
        raise SystemExit(f"a run ended {bad[0].state.value}: {bad[0].message}")
    return [s.result for s in snaps]


def claims(lesson: str, chosen: list[int]) -> None:
    runs = Runs.local(workers=2)
    runs.scheduler.wait_ready()
    held = 0
    try:
        for seed in chosen:
            t0 = time.perf_counter()
            if lesson == "degradation":
                result = _results(runs, tasks.degradation_requests(degradation.SETTINGS.replace(seed=seed)))
                v = trained_claims.degradation(result)
                numbers = "  ".join(f"{r['name']} {100 * (1 - r['train_acc']):5.2f}% ({r['seconds']:.0f} s)"
                                    for r in result)
            else:
                result = _results(runs, tasks.lesion_requests(seed))
                v = trained_claims.lesion(result)
                f = v.facts
                numbers = (f"{f['res_name']} drop {f['res_drop']:.2f} (acc {f['res_acc']:.4f})  "
                           f"{f['plain_name']} drop {f['plain_drop']:.2f} (acc {f['plain_acc']:.4f})")
            held += v.holds
            print(f"seed {seed}: {'holds' if v.holds else 'FAILS ' + ','.join(v.failed)}  {numbers}  "
                  f"({time.perf_counter() - t0:.0f} s, load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        runs.close()
    print(f"{lesson}: {held}/{len(chosen)} seeds")


def page_once(lesson: str, seed: int) -> float:
    from benchmarks.load_server import Server
    from tests.browser import browser_page, wait_idle

    button, done = LIVE[lesson]
    server = Server(ROOT)
    url = server.start()
    try:
        with browser_page(1280, 720) as page:
            page.goto(f"{url}/?lesson={lesson}", timeout=120_000)
            wait_idle(page, 120_000)
            if lesson == "degradation" and seed:
                box = page.get_by_label("Seed")
                box.fill(str(seed))
                box.press("Enter")
                wait_idle(page, 120_000)
            time.sleep(3)  # the workers have started with the server; let the page settle too
            t0 = time.perf_counter()
            page.get_by_role("button", name=button).first.click()
            page.get_by_text(done).first.wait_for(timeout=600_000)
            wall = time.perf_counter() - t0
    finally:
        server.stop()
    return wall


def page(lesson: str, repeats: int, seed: int) -> None:
    walls = []
    for r in range(repeats):
        load = os.getloadavg()[0]
        wall = page_once(lesson, seed)
        walls.append(wall)
        print(f"  {lesson} {r + 1}: {wall:.1f} s from the click to the live result (load before {load:.2f})",
              flush=True)
    print(f"page: lesson={lesson} repeats={repeats} median_s={statistics.median(walls):.1f} "
          f"min_s={min(walls):.1f} max_s={max(walls):.1f} load={os.getloadavg()[0]:.2f}")


def alone(names: list[str]) -> None:
    """Each lesson's live work in this process, one net after another (one thread)."""
    import torch

    from resnet_explorer.lab.gradflow import SWEEP_DEPTHS, depth_sweep

    torch.set_num_threads(1)
    work = {"degradation": lambda: degradation.degradation(),
            "lesion-retrain": lambda: lesion.lesion_study(1, retrain=True),
            "gradflow": lambda: depth_sweep(SWEEP_DEPTHS, init="pytorch", batch=8)}
    for name in names:
        t0 = time.perf_counter()
        out = work[name]()
        per_net = "  ".join(f"{r.name} {r.seconds:.1f} s" for r in out) if name == "degradation" else ""
        print(f"alone {name:<15} {time.perf_counter() - t0:6.1f} s  {per_net}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("claims")
    c.add_argument("--lesson", choices=("degradation", "lesion"), required=True)
    c.add_argument("--seeds", required=True, help="e.g. 9000-9009 (seeds nobody tuned to)")
    p = sub.add_parser("page")
    p.add_argument("--lesson", choices=tuple(LIVE), required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    a = sub.add_parser("alone")
    a.add_argument("--lessons", default="degradation,lesion-retrain,gradflow")
    args = parser.parse_args()
    if args.command == "claims":
        claims(args.lesson, seeds(args.seeds))
    elif args.command == "page":
        page(args.lesson, args.repeats, args.seed)
    else:
        alone(args.lessons.split(","))


if __name__ == "__main__":
    main()
