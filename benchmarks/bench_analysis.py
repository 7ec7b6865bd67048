"""Our layer analysis of ResNet-152 at 224x224 vs torchinfo.summary of the same model built on the
meta device, in one process. Run by hand: `python benchmarks/bench_analysis.py`.

Both sides start cold on every repeat (the package has no caches; torchinfo re-runs its forward
pass), and ours includes formatting every row's formulas, as the app shows them. Last line: the median ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
import torchinfo  # noqa: E402

from resnet_explorer import analyze, build_model, preset  # noqa: E402
from resnet_explorer.formatting import macs_formula, params_formula  # noqa: E402

REPEATS = 7


def ours(cfg) -> float:
    start = time.perf_counter()
    a = analyze(cfg)
    for row in a.rows:
        params_formula(row)
        macs_formula(row)
    return time.perf_counter() - start


def theirs(model, cfg) -> float:
    start = time.perf_counter()
    torchinfo.summary(model, input_size=(1, 3, *cfg.input_size), device="meta", verbose=0,
                      col_names=("output_size", "num_params", "mult_adds"))
    return time.perf_counter() - start


def main() -> None:
    cfg = preset("resnet152")
    with torch.device("meta"):
        model = build_model(cfg)
    ours(cfg), theirs(model, cfg)  # warm up imports and code paths
    ratios, mine, ref = [], [], []
    for _ in range(REPEATS):
        a, b = ours(cfg), theirs(model, cfg)
        mine.append(a)
        ref.append(b)
        ratios.append(b / a)
    print(f"rows: {len(analyze(cfg).rows)}")
    print(f"ours (analyze + formulas, cold): median {statistics.median(mine) * 1e3:.2f} ms")
    print(f"torchinfo.summary on meta:      median {statistics.median(ref) * 1e3:.1f} ms")
    print(f"speedup_vs_torchinfo: {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
