"""Time building every kind of diagram (graph objects and their DOT text, no rendering).

    python benchmarks/bench_diagram.py [repeats]

Target: under 100 ms each. The layer table is built once beforehand (the app caches it), so the
figures are the diagram code alone; `analyze` is timed apart on a cold cache for context.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Run as a plain script from anywhere: the package lives one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resnet_explorer import diagrams as diagram  # noqa: E402
from resnet_explorer.analysis import analyze  # noqa: E402
from resnet_explorer.presets import preset  # noqa: E402

NETS = ("resnet50", "resnet152", "resnet1202")
TARGET_MS = 100.0


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cases(name: str) -> dict[str, Callable[[], object]]:
    a = analyze(preset(name))
    every = {s.name for s in a.spec.stages}
    last_stage = {a.spec.stages[-1].name}
    block = next(b.name for b in a.spec.blocks if b.stage > 0 and b.downsamples)
    values = {b.name: float(i) for i, b in enumerate(a.spec.blocks)}
    return {
        "block (downsampling)": lambda: diagram.block_diagram(a, block).source,
        "block (identity)": lambda: diagram.block_diagram(a, a.spec.blocks[-1].name).source,
        "network folded": lambda: diagram.net_diagram(a).source,
        "network folded, params": lambda: diagram.net_diagram(a, metric="params").source,
        "network folded, values": lambda: diagram.net_diagram(a, metric="values", values=values).source,
        "network, one stage expanded": lambda: diagram.net_diagram(a, expanded=last_stage).source,
        "network, all expanded, MACs": lambda: diagram.net_diagram(a, expanded=every, metric="macs").source,
    }


def main(repeats: int = 15) -> int:
    slow = []
    compare = diagram.compare_blocks()
    blocks = (compare.bottleneck, compare.basic_same_width, compare.basic)
    anatomy = {"compare view (3 blocks)": lambda: [diagram.anatomy_diagram(x).source for x in blocks]}
    print(f"{'net':<11} {'diagram':<30} {'median ms':>10}")
    for label, fn in anatomy.items():
        ms = median_ms(fn, repeats)
        print(f"{'-':<11} {label:<30} {ms:>10.2f}")
    for name in NETS:
        cold = median_ms(lambda name=name: analyze(preset(name)), 1)
        print(f"{name:<11} {'(analyze, cold, for context)':<30} {cold:>10.2f}")
        for label, fn in cases(name).items():
            ms = median_ms(fn, repeats)
            flag = "" if ms < TARGET_MS else "  over target"
            slow += [f"{name} {label}"] if flag else []
            print(f"{name:<11} {label:<30} {ms:>10.2f}{flag}")
    print("all under" if not slow else "over", f"{TARGET_MS:.0f} ms", *slow)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
