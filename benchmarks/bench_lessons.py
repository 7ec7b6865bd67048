"""Wall time of each live lesson on this machine: alone, and with the page open in headless Chromium
on the same machine (the teacher's laptop runs both). Target: 60 s or less each.

    python benchmarks/bench_lessons.py [--only alone|page] [--lessons degradation,lesion,...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402

from resnet_explorer.lab.gradflow import SWEEP_DEPTHS, depth_sweep  # noqa: E402
from resnet_explorer.lessons import degradation, lesion  # noqa: E402
from resnet_explorer.lessons.bn import bn_modes, layer_responses  # noqa: E402
from resnet_explorer.lessons.nets import held_out_images  # noqa: E402


def _bn() -> None:
    x, y = held_out_images(0, 256)
    bn_modes(next(m for _, r, m in lesion.lesion_nets(0) if r), x, y)


def _responses() -> None:
    x, _ = held_out_images(0, 256)
    for _, _, model in lesion.lesion_nets(0):
        layer_responses(model, x)


# lesson -> the work its scene does live
ALONE = {
    "degradation": lambda: degradation.degradation(),
    "lesion": lambda: lesion.lesion_study(0),
    "lesion-retrain": lambda: lesion.lesion_study(1, retrain=True),
    "gradflow": lambda: [depth_sweep(SWEEP_DEPTHS, init=i, batch=8) for i in ("pytorch",)],
    "batchnorm": _bn,
    "responses": _responses,
}
# lesson -> (button to press or None, text that says the live work is done)
PAGE = {
    "degradation": ("Re-run live (one to a few minutes on two cores)", "Live run on this server"),
    "lesion": (None, "Weights shipped with the app"),
    "gradflow": (None, "Gradient"),
    "batchnorm": (None, "Running mean"),
    "responses": (None, "Ask the class first"),
}


def alone(names: list[str]) -> None:
    torch.set_num_threads(2)
    for name in names:
        if name not in ALONE:
            continue
        t0 = time.perf_counter()
        ALONE[name]()
        print(f"alone      {name:<15} {time.perf_counter() - t0:6.1f} s", flush=True)


def with_page(names: list[str]) -> None:
    from tests.browser import browser_page, served_app, wait_idle

    with served_app() as url, browser_page(1280, 720) as page:
        for name in names:
            if name not in PAGE:
                continue
            button, done = PAGE[name]
            t0 = time.perf_counter()
            page.goto(f"{url}/?lesson={name}", timeout=600_000)
            wait_idle(page, 600_000)
            if button:
                page.get_by_role("button", name=button).click()
            page.get_by_text(done, exact=False).first.wait_for(timeout=600_000)
            wait_idle(page, 600_000)
            print(f"with page  {name:<15} {time.perf_counter() - t0:6.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("alone", "page"))
    parser.add_argument("--lessons", default=",".join(ALONE))
    args = parser.parse_args()
    names = args.lessons.split(",")
    if args.only != "page":
        alone(names)
    if args.only != "alone":
        with_page(names)


if __name__ == "__main__":
    main()
