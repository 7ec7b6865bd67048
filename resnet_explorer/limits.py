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
_PER_ELEMENT = ("activation_elements", "bn_elements", "relu_elements", "add_elements", "pool_elements")


def counts(a: Analysis) -> dict[str, int]:
    """Every total the tables, the JSON and the tool table show, by name ("macs", "tool_fvcore", ...),
    in the order a message names the first too large; a row's or a stage's count is at most its
    total. The i18n word of each is `count_<name>`."""
    t = a.totals
    return {
        "params": t.params, "buffers": t.buffers, "macs": t.macs, "flops": t.flops,
        "activation_elements": t.activation_elements, "bn_elements": t.bn_elements,
        "relu_elements": t.relu_elements, "add_elements": t.add_elements, "pool_elements": t.pool_elements,
        **{f"tool_{key}": value for key, value in tool_totals(a).items()},
    }


def _blame(cfg: NetConfig, name: str) -> str:
    """The option to change: input_size for per-element counts; else a width knob that was turned
    (multiplier, width per group, groups), else the widths."""
    if name in _PER_ELEMENT:
        return "input_size"
    turned = [k for k, v in (("width_multiplier", 1), ("width_per_group", 64), ("groups", 1))
              if getattr(cfg, k) != v]
    return (turned or ["widths"])[0]


def check(a: Analysis) -> Analysis:
    """`a` itself, or ConfigError: more than MAX_ROWS rows, or a count at 2**53 or more (the first in
    the order of `counts`: parameters before MACs before the tools' totals that add to them)."""
    cfg = a.config
    if len(a.rows) > MAX_ROWS:
        raise ConfigError("stages", cfg.stages, "rule_max_rows", n=f"{len(a.rows):,}", max=f"{MAX_ROWS:,}")
    name, value = next(((k, v) for k, v in counts(a).items() if v >= MAX_COUNT), ("", 0))
    if name:
        field = _blame(cfg, name)
        about = {"count": f"{value:.1e}", "max": f"{MAX_COUNT:,}"}
        if name.startswith("tool_"):
            raise ConfigError(field, getattr(cfg, field), "rule_exact_tool", tool=name[5:], **about)
        raise ConfigError(field, getattr(cfg, field), "rule_exact", what_term=f"count_{name}", **about)
    return a


def checked_analysis(cfg: NetConfig) -> Analysis:
    """analyze(cfg), refused with a ConfigError where the server would not show it."""
    return check(analyze(cfg))
