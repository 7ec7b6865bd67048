"""An Analysis as files: JSON-ready data (the CLI's --json and the app's download), the layer table
as Markdown and LaTeX, and (through codegen) PyTorch code and torchinfo's summary."""

from __future__ import annotations

from . import codegen
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


# The layer table as text documents: the key columns, numbers written out in full.
TABLE_HEADER = ("layer", "kind", "output", "params", "MACs", "% params", "% MACs")


def table_rows(a: Analysis) -> list[tuple[str, ...]]:
    """One row of text cells per layer, in TABLE_HEADER's order."""
    t = a.totals
    return [(r.name, r.kind.value, fmt.shape(r.out_shape), fmt.num(r.params), fmt.num(r.macs),
             fmt.percent(r.params, t.params), fmt.percent(r.macs, t.macs)) for r in a.rows]


def to_markdown(a: Analysis) -> str:
    """A GitHub-flavoured Markdown table, one row per layer, and a totals row."""
    t = a.totals
    lines = ["| " + " | ".join(TABLE_HEADER) + " |",
             "|" + "|".join(("---", "---", "---", "---:", "---:", "---:", "---:")) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in table_rows(a)]
    lines.append(f"| **total** | | | {fmt.num(t.params)} | {fmt.num(t.macs)} | 100% | 100% |")
    return "\n".join(lines) + "\n"


def _tex(text: str) -> str:
    for ch, escaped in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("%", r"\%"), ("&", r"\&"),
                        ("#", r"\#"), ("×", r"$\times$")):
        text = text.replace(ch, escaped)
    return text


def to_latex(a: Analysis) -> str:
    """A booktabs longtable (needs \\usepackage{booktabs,longtable}), one row per layer."""
    t = a.totals
    head = " & ".join(_tex(h) for h in TABLE_HEADER) + r" \\"
    lines = [r"% \usepackage{booktabs,longtable}", r"\begin{longtable}{lllrrrr}", r"\toprule", head,
             r"\midrule", r"\endhead"]
    lines += [" & ".join(_tex(c) for c in cells) + r" \\" for cells in table_rows(a)]
    lines += [r"\midrule", rf"total & & & {fmt.num(t.params)} & {fmt.num(t.macs)} & 100\% & 100\% \\",
              r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines) + "\n"


EXPORT_FORMATS = ("markdown", "latex", "pytorch", "torchinfo")


def export_text(a: Analysis, form: str, title: str = "ResNet") -> str:
    """The analysed net in one of EXPORT_FORMATS, as the text of one file."""
    if form == "markdown":
        return to_markdown(a)
    if form == "latex":
        return to_latex(a)
    if form == "pytorch":
        return codegen.pytorch_source(a, title)
    if form == "torchinfo":
        return codegen.torchinfo_text(a)
    raise ValueError(f"unknown export format {form!r}: choose one of {', '.join(EXPORT_FORMATS)}")
