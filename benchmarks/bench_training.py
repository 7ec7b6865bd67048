"""Cost of the gradient lab's instrumentation, and how fast the default run feels.

    python benchmarks/bench_training.py [--repeats 7] [--steps 3]

1. The default twin run (CIFAR ResNet-20 and its plain twin on synthetic data, the UI's defaults)
   through the job registry, as the app runs it (in a worker process, started beforehand): time to
   the first plotted point and wall time.
2. In one process, on the same model and the same batches (CIFAR ResNet-20, batch 128): a bare
   PyTorch training step against the instrumented one, alternating in short blocks so that load
   from other processes hits both alike. Last line: `overhead_ratio: X` = instrumented throughput /
   bare throughput, the median over repeats (1.0 = free).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, not installed

from resnet_explorer import preset  # noqa: E402
from resnet_explorer.lab import budget  # noqa: E402
from resnet_explorer.lab.data import synthetic  # noqa: E402
from resnet_explorer.lab.instrument import Instrument  # noqa: E402
from resnet_explorer.lab.settings import TrainConfig, lab_config  # noqa: E402
from resnet_explorer.lab.task import lab_request  # noqa: E402
from resnet_explorer.lab.training import Batches, default_device  # noqa: E402
from resnet_explorer.model import build_model  # noqa: E402
from resnet_explorer.runs import Runs, State  # noqa: E402


def default_run() -> tuple[float, float, budget.Estimate]:
    """As the app runs it: the server starts its worker processes first (at server start)."""
    runs = Runs.local()
    start = time.perf_counter()
    runs.scheduler.wait_ready()
    print(f"worker processes: {runs.scheduler.size}, started in {time.perf_counter() - start:.1f} s")
    train = TrainConfig()
    est = budget.estimate(preset("resnet20"), train)
    t0 = time.perf_counter()
    job, token = runs.submit(lab_request(preset("resnet20"), train, est, budget.Budget().max_seconds))
    first = None
    while True:
        snap = job.poll(token)
        if first is None and snap.done >= 1:
            first = time.perf_counter() - t0
        if not snap.state.active:
            first = first or time.perf_counter() - t0
            break
        time.sleep(0.01)
    runs.close()
    if snap.state is not State.DONE:
        raise SystemExit(f"default run ended {snap.state.value}: {snap.message}")
    return first, time.perf_counter() - t0, est


def overhead(repeats: int, steps: int, batch: int = 128) -> list[float]:
    cfg = lab_config(preset("resnet20"))
    model = build_model(cfg, seed=0).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    ds = synthetic(n=batch * steps, seed=0)
    source = Batches(ds.images, ds.labels, TrainConfig(batch_size=batch), torch.device("cpu"))
    batches = [source.next() for _ in range(steps)]
    ins = Instrument(model)

    def bare() -> float:
        ins.remove()
        t = time.perf_counter()
        for x, y in batches:
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            loss.item()  # a bare loop logs its loss too
        return time.perf_counter() - t

    def instrumented() -> float:
        ins.attach()
        t = time.perf_counter()
        for x, y in batches:
            ins.step(x, y, opt)
        return time.perf_counter() - t

    bare(), instrumented()  # warm-up
    ratios = []
    for r in range(repeats):
        if r % 2:
            ti, tb = instrumented(), bare()
        else:
            tb, ti = bare(), instrumented()
        ratios.append(tb / ti)
        images = batch * steps
        print(f"  repeat {r + 1}: bare {images / tb:6.1f} img/s, instrumented {images / ti:6.1f} img/s, "
              f"ratio {tb / ti:.3f}")
    return ratios


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=9)
    p.add_argument("--steps", type=int, default=3, help="steps per timed block")
    args = p.parse_args()
    print(f"torch {torch.__version__}, {budget.CORES} cores, {budget.THREADS_PER_NET} thread(s) a net in the "
          f"workers ({torch.get_num_threads()} for the overhead part), device {default_device()}")
    first, wall, est = default_run()
    train = TrainConfig()
    print(f"default twin run ({train.steps} steps, batch {train.batch_size}): first plotted point "
          f"{first:.2f} s (target <= 2 s), wall {wall:.1f} s (target <= 30 s; estimated {est.seconds:.0f} s)")
    ratios = overhead(args.repeats, args.steps)
    print(f"instrumented / bare throughput: median {statistics.median(ratios):.3f}, "
          f"min {min(ratios):.3f}, max {max(ratios):.3f} (target >= 0.95)")
    print(f"overhead_ratio: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
