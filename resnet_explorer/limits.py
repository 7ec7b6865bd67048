"""Pure: what this server shows, checked on the exact analysis instead of estimated.

A class server renders the layer table and the diagrams of whatever a link asks for; their cost
grows with the number of layer rows (benchmarks/bench_analysis.py measures it). Two checks:
- before anything is built, at most `config.MAX_BLOCKS` blocks (NetConfig refuses more), so the
  analysis that the second check needs stays cheap;
- after the analysis, at most MAX_ROWS layer rows, and every count a table shows (params, buffers,
  MACs, FLOPs, element counts, each counting tool's total) below 2**53: exact in an int64 table
  column and in JSON read by a browser.
Both raise a ConfigError naming the option to change. `analysis.analyze` itself counts any net
exactly (Python integers); the app and the command line show only nets that pass `check`.
"""

from __future__ import annotations

from .analysis import Analysis, analyze
from .config import NetConfig
from .fields import ConfigError
from .tool_counts import tool_totals

MAX_ROWS = 6000  # layer rows; ResNet-1202 (the deepest preset) has 4,805
MAX_COUNT = 2**53  # exact in int64 and in a JavaScript number

# Counts that grow with the input's area more than with the widths: input_size is named for them.
_PER_ELEMENT = ("activation values", "BatchNorm elements", "ReLU elements", "addition elements",
                "pooled elements")


def counts(a: Analysis) -> dict[str, int]:
    """Every total the tables, the JSON and the tool table show, by what it counts (a row's or a
    stage's count is at most its total)."""
    t = a.totals
    return {
        "parameters": t.params, "buffers": t.buffers, "MACs": t.macs, "FLOPs": t.flops,
        "activation values": t.activation_elements, "BatchNorm elements": t.bn_elements,
        "ReLU elements": t.relu_elements, "addition elements": t.add_elements,
        "pooled elements": t.pool_elements,
        **{f"{key} total": value for key, value in tool_totals(a).items()},
    }


def _blame(cfg: NetConfig, what: str) -> str:
    """The option to change: input_size for per-element counts; else a width knob that was turned
    (multiplier, width per group, groups), else the widths."""
    if what in _PER_ELEMENT:
        return "input_size"
    turned = [k for k, v in (("width_multiplier", 1), ("width_per_group", 64), ("groups", 1))
              if getattr(cfg, k) != v]
    return (turned or ["widths"])[0]


def check(a: Analysis) -> Analysis:
    """`a` itself, or ConfigError: more than MAX_ROWS rows, or the largest count at 2**53 or more."""
    cfg = a.config
    if len(a.rows) > MAX_ROWS:
        raise ConfigError("stages", cfg.stages, f"{len(a.rows):,} layer rows; this server shows at most "
                          f"{MAX_ROWS:,} (ResNet-1202, the deepest preset, has 4,805)")
    what, value = max(counts(a).items(), key=lambda kv: kv[1])
    if value >= MAX_COUNT:
        field = _blame(cfg, what)
        raise ConfigError(field, getattr(cfg, field), f"about {value:.1e} {what}; counts must stay "
                          f"below 2^53 = {MAX_COUNT:,} to be exact in a table")
    return a


def checked_analysis(cfg: NetConfig) -> Analysis:
    """analyze(cfg), refused with a ConfigError where the server would not show it."""
    return check(analyze(cfg))
