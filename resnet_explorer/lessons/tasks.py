"""The lessons' live experiments as runs (runs/tasks.py names these functions): what a lesson page
asks the workers to compute. Requests are made here, in the web server's process, and hold plain
settings only; the functions below run in a worker and import the training code when they do.

- "lesson_net": one net of the degradation lesson (its four nets are four runs, trained side by side
  when workers are free);
- "lesion_net": one net of the lesion lesson trained, then deleted block by block;
- "gradflow": the gradient-flow depth sweep of one init, net by net.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..lab.gradflow import KINDS as NET_KINDS
from ..lab.gradflow import SWEEP_DEPTHS
from ..lab.settings import TrainConfig
from ..runs import Request
from . import degradation, lesion
from .nets import net_name
from .recordings import GRADFLOW_BATCH

# Seconds a training step costs per block of a lesson net at batch 64 of 16x16 images, one thread,
# scaled by the batch size; fitted to the per-net times `benchmarks/bench_lessons.py claims` prints
# (figures in the README's Benchmarks table).
STEP_S_PER_BLOCK = 0.004
SWEEP_NET_S = 0.5  # one net of a gradient-flow sweep at batch 8, at depth 110 (fewer blocks: less)
SCORE_S_PER_BLOCK = 0.15  # one lesioned net scored on the held-out images
# A lesson run is stopped past this multiple of its estimate, and never before this many seconds. A
# lesson's work is fixed (its steps, its nets), so the budget only catches a hung run: it is wide,
# because a class server busy with pages and other runs trains several times slower than the machine
# alone, and the estimate is the idle machine's.
BUDGET_FACTOR, MIN_BUDGET_S = 10.0, 120.0


def _request(kind: str, settings: dict[str, Any], units: int, seconds: float) -> Request:
    return Request.of(kind, settings, units, seconds, max(MIN_BUDGET_S, BUDGET_FACTOR * seconds))


def _train_seconds(depth: int, train: TrainConfig) -> float:
    return train.steps * (depth - 2) // 2 * STEP_S_PER_BLOCK * train.batch_size / 64


def degradation_requests(train: TrainConfig = degradation.SETTINGS,
                         depths: tuple[int, ...] = degradation.DEPTHS) -> list[Request]:
    """The lesson's nets, one run each, the longest first: two workers taking them in this order
    finish together (the deep nets first, then a shallow one each) instead of one idling at the end."""
    requests = [_request("lesson_net", {"depth": d, "residual": r, "train": vars(train)}, train.steps,
                         _train_seconds(d, train)) for d, r in degradation.nets(depths)]
    return sorted(requests, key=lambda r: -r.seconds)


def lesion_requests(seed: int, train: TrainConfig = lesion.SETTINGS) -> list[Request]:
    """The lesion lesson's residual and plain net, retrained with `seed`, one run each."""
    s = train.replace(seed=seed)

    def request(residual: bool, depth: int) -> Request:
        blocks = (depth - 2) // 2
        return _request("lesion_net", {"residual": residual, "train": vars(s)}, s.steps + blocks,
                        _train_seconds(depth, s) + SCORE_S_PER_BLOCK * blocks * depth / 20)

    return [request(r, d) for r, d in lesion.DEPTHS.items()]


def gradflow_request(init: str, depths: tuple[int, ...] = SWEEP_DEPTHS, batch: int = GRADFLOW_BATCH,
                     seed: int = 0) -> Request:
    units = len(depths) * len(NET_KINDS) * 2
    seconds = SWEEP_NET_S * units * max(depths) / max(SWEEP_DEPTHS)
    return _request("gradflow", {"init": init, "depths": list(depths), "batch": batch, "seed": seed}, units,
                    seconds)


# -- the worker's side ----------------------------------------------------------------------------

def train_net(p: dict[str, Any], ctl) -> dict[str, Any]:
    name = net_name(p["depth"], p["residual"])
    ctl.progress(0, name)
    run = degradation.train_net(p["depth"], p["residual"], TrainConfig(**p["train"]),
                                lambda i, loss: ctl.progress(i + 1, name))
    return run.as_dict()


def lesion_net(p: dict[str, Any], ctl) -> dict[str, Any]:
    from .nets import held_out_images, lesson_config, train

    s = TrainConfig(**p["train"])
    depth = lesion.DEPTHS[p["residual"]]
    name = net_name(depth, p["residual"])
    ctl.progress(0, name)
    model = train(lesson_config(depth, p["residual"]), s,
                  on_step=lambda i, loss: ctl.progress(i + 1, name))[0]
    x, y = held_out_images(s.seed)
    scored = lesion.lesion(model, x, y, lambda i: ctl.progress(s.steps + i + 1, name))
    return {"name": name, "residual": p["residual"], "seed": s.seed, "settings": vars(s), **scored}


def gradflow_sweep(p: dict[str, Any], ctl) -> dict[str, Any]:
    from ..lab.gradflow import cifar_config, grad_at_init

    # depth_sweep's order (BN first, then kind, then depth), one net at a time so progress shows.
    nets = [(bn, kind, d) for bn in (True, False) for kind in NET_KINDS for d in p["depths"]]
    flows = []
    for i, (bn, kind, depth) in enumerate(nets):
        ctl.progress(i, f"{kind}-{depth}")
        flows.append(asdict(grad_at_init(cifar_config(depth, kind, bn), p["seed"], p["batch"], p["init"])))
    return {"init": p["init"], "settings": p, "flows": flows}
