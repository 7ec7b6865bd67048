"""Pure: diagrams of a ResNet as graphviz.Digraph objects, built from the spec and the layer table.

- `block_diagram`: one block op by op, the shortcut as its own bypass into an explicit addition;
- `net_diagram`: the whole network, runs of identical blocks folded, any stage expandable;
- `compare_blocks`, `anatomy_diagram`: basic vs bottleneck (the paper's Fig. 5);
- `export`: DOT text always, SVG/PNG where Graphviz's `dot` is installed.
"""

from __future__ import annotations

import shutil

import graphviz

from .block import block_diagram, op_label
from .compare import Comparison, anatomy_diagram, compare_blocks, weight_formula
from .network import METRICS, net_diagram

__all__ = ["Comparison", "METRICS", "FORMATS", "anatomy_diagram", "block_diagram", "can_render",
           "compare_blocks", "export", "net_diagram", "op_label", "weight_formula"]

FORMATS = ("dot", "svg", "png")


def can_render() -> bool:
    """SVG and PNG need Graphviz's `dot` program; DOT text never does."""
    return shutil.which("dot") is not None


def export(graph: graphviz.Digraph | graphviz.Source | str, fmt: str) -> bytes:
    """The diagram as DOT text, or as SVG/PNG rendered by `dot` (RuntimeError when it is missing)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    source = graph if isinstance(graph, str) else graph.source
    if fmt == "dot":
        return source.encode("utf-8")
    if not can_render():
        raise RuntimeError("SVG and PNG export need the Graphviz `dot` program "
                           "(install Graphviz, e.g. `apt-get install graphviz`)")
    return graphviz.Source(source).pipe(format=fmt)
