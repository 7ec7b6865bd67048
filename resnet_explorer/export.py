"""Pure: an Analysis as plain JSON-ready data (the CLI's --json and the app's download)."""

from __future__ import annotations

from . import formatting as fmt
from .analysis import CONVENTIONS, Analysis, memory_estimate
from .tool_counts import tool_totals


def to_json(a: Analysis, batch_size: int) -> dict:
    t = a.totals
    mem = memory_estimate(t, batch_size)
    return {
        "config": a.config.as_dict(),
        "input_shape": list(a.input_shape),
        "params": t.params, "trainable_params": t.trainable_params, "buffers": t.buffers,
        "macs": t.macs, "flops": t.flops,
        "conventions": CONVENTIONS,
        # What each counting tool would report for this net (tool_counts.py says which ops each counts).
        "tool_totals": tool_totals(a),
        "memory_bytes": {"batch_size": batch_size, "weights": mem.weights, "gradients": mem.gradients,
                         "sgd_momentum": mem.sgd_momentum_state, "adam": mem.adam_state,
                         "activations": mem.activations},
        "stages": [{"name": s.name, "output_shape": list(s.output_shape), "blocks": s.blocks,
                    "block": fmt.block_text(s), "params": s.params, "macs": s.macs} for s in a.stages],
        "layers": [{"name": r.name, "kind": r.kind.value, "stage": r.stage, "block": r.block, "path": r.path,
                    "input_shape": list(r.in_shape), "output_shape": list(r.out_shape),
                    "kernel": r.kernel, "stride": r.stride, "padding": r.padding, "groups": r.groups,
                    "params": r.params, "buffers": r.buffers, "macs": r.macs, "rf": r.rf, "jump": r.jump,
                    "params_formula": fmt.params_formula(r), "macs_formula": fmt.macs_formula(r)}
                   for r in a.rows],
    }
