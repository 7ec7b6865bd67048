"""What a lab run may cost on this server: the thread policy, the budget, and the estimate of a
run's memory and wall time made before it starts (runs over budget are refused). Torch is imported
only by the workers' preparation (`prepare_worker`)."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

from ..analysis import Analysis, analyze, memory_estimate
from ..config import NetConfig
from .settings import TrainConfig, lab_config, twin_config

CORES = os.cpu_count() or 1
# Slots = nets training at once; on 2 cores throughput saturates at about 2 (measured: more slots
# only share the same cores).
DEFAULT_SLOTS = max(1, int(os.environ.get("RESNET_EXPLORER_MAX_RUNS", min(CORES, 8))))
THREADS_PER_NET = max(1, CORES // DEFAULT_SLOTS)


def configure_threads() -> None:
    """Once per process that touches torch: more intra-op threads than cores/slots would
    oversubscribe the CPU and starve the web server's own thread."""
    import torch

    if torch.get_num_threads() != THREADS_PER_NET:
        torch.set_num_threads(THREADS_PER_NET)


def prepare_worker() -> None:
    """In a worker, before its first run: the thread policy, and the first optimizer's lazy import of
    torch._dynamo (seconds) paid at start-up instead of in the first student's run."""
    configure_threads()
    importlib.import_module("torch._dynamo")
    importlib.import_module("resnet_explorer.lab.training")

# Rough speed of one training thread, in multiply-accumulates a second, forward and backward counted
# as 3x the forward pass.
CPU_MACS_PER_S = 2e10 * THREADS_PER_NET
GPU_MACS_PER_S = 2e12
STEP_OVERHEAD_S = 0.0015  # per block and step: Python, hooks, optimizer
# Per parameter and step, on CPU: the optimizer's update and the instrument's per-layer norms and
# update ratios, which pass over every weight several times whatever the input size. Without it,
# nets with many weights and few MACs at the lab's small inputs were estimated several times too fast.
# The constants are fitted to twin runs on the 2-core machine idle (batch 64, 16x16 gratings, one
# thread a net), wall time from submit to done, by benchmarks/bench_watch.py (figures in the README).
# Under load a run takes longer, and the page says so (`busy`).
PARAM_S = 3e-8
SETUP_S = 0.5
SETUP_PARAM_S = 4e-8  # per parameter of every net: building, initialising, copying into the twin


@dataclass(frozen=True)
class Budget:
    max_seconds: float = 120.0
    max_bytes: int = 2 * 2**30


@dataclass(frozen=True)
class Estimate:
    seconds: float
    bytes: int
    nets: int
    macs_per_image: int
    params: int

    def over(self, budget: Budget) -> list[str]:
        """"memory" and/or "time" where this run is over the budget."""
        return [reason for reason, over in (("memory", self.bytes > budget.max_bytes),
                                            ("time", self.seconds > budget.max_seconds)) if over]


def fitted(net_cfg: NetConfig, train: TrainConfig) -> list[NetConfig]:
    """The nets a run trains: the configured one fitted to the data, and its twin."""
    net = lab_config(net_cfg, train.dataset)
    return [net] + ([twin_config(net)] if train.twin else [])


def estimate(net_cfg: NetConfig, train: TrainConfig, gpu: bool = False,
             analyses: list[Analysis] | None = None) -> Estimate:
    """Memory (analysis.memory_estimate, all nets) and wall time of a run, before it starts;
    `analyses` of the `fitted` nets when the caller has them (the app caches them)."""
    nets = fitted(net_cfg, train)
    totals = [a.totals for a in (analyses if analyses is not None else [analyze(c) for c in nets])]
    mem = sum(memory_estimate(tt, train.batch_size).total(train.optimizer) for tt in totals)
    rate = GPU_MACS_PER_S if gpu else CPU_MACS_PER_S
    per_param = 0.0 if gpu else PARAM_S  # not measured on a GPU, where memory is far faster
    blocks = sum(nets[0].stages)
    # Twin nets step in parallel, so a step takes as long as the slower one.
    step_s = max(3 * tt.macs * train.batch_size / rate + per_param * tt.params for tt in totals)
    step_s += STEP_OVERHEAD_S * blocks
    setup_s = SETUP_S + SETUP_PARAM_S * sum(tt.params for tt in totals)
    return Estimate(setup_s + train.steps * step_s, mem, len(nets), totals[0].macs, totals[0].params)


def load_average() -> float:
    """The machine's 1-minute load average (0 where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def busy(active_runs: int) -> bool:
    """Whether an estimate made for an idle machine is optimistic now: runs are training, or
    other work keeps more runnable threads than there are cores."""
    return active_runs > 0 or load_average() > CORES


class Refused(Exception):
    def __init__(self, est: Estimate, budget: Budget, reasons: list[str]):
        self.estimate, self.budget, self.reasons = est, budget, reasons
        super().__init__(f"run refused ({', '.join(reasons)}): estimated {est.seconds:.0f} s and "
                         f"{est.bytes / 2**20:.0f} MiB, budget {budget.max_seconds:.0f} s and "
                         f"{budget.max_bytes / 2**20:.0f} MiB")
