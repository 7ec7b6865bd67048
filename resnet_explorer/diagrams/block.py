"""Pure: diagrams of a ResNet as graphviz.Digraph objects, built from the spec and the layer table.

Every diagram is returned, never rendered: the app draws it in the browser and `export` turns it
into DOT, SVG or PNG. Node ids are the layer table's row names, and each edge carries the shape of
the tensor leaving its source row (C×H×W), so the picture cannot drift from the table.

The shortcut is the idea being taught (He et al. 2015, Fig. 2), so it is drawn as its own blue
bypass edge into an explicit addition node ⊕, solid for identity, dashed for option A's
zero-padding and dotted for projections (as the paper's Fig. 3 draws them).
"""

from __future__ import annotations

import graphviz

from .. import formatting as fmt
from ..analysis import Analysis, Row
from ..formatting import shape as shape_text
from ..i18n import t
from ..spec import BlockSpec, OpKind, ShortcutKind
from .style import (
    OP_FILL,
    add_node,
    main_edge,
    new_graph,
    no_shortcut_note,
    shortcut_edge,
    shortcut_legend,
    shortcut_op_attrs,
)


def op_label(row: Row, lang: str) -> str:
    """What a node says: the op with kernel, channels and stride, and its parameter formula."""
    c_in, c_out = row.in_shape[0], row.out_shape[0]
    stride = f", /{row.stride}" if row.stride != 1 else ""
    if row.kind is OpKind.CONV:
        grouped = t("dg_groups", lang, g=row.groups) if row.groups != 1 else ""
        return (f"{t('kind_conv', lang)} {fmt.window(row.kernel)}, {c_in}→{c_out}{stride}{grouped}\n"
                f"{fmt.params_formula(row)}")
    if row.kind is OpKind.BN:
        return f"{t('kind_bn', lang)} {c_out}\n{fmt.params_formula(row)}"
    if row.kind is OpKind.ZERO_PAD:
        return t("dg_zero_pad_op", lang, a=c_in, b=c_out, stride=stride)
    if row.kind is OpKind.MAXPOOL:
        return f"{t('kind_maxpool', lang)} {fmt.window(row.kernel)}{stride}"
    if row.kind is OpKind.AVGPOOL:
        return t("dg_avgpool", lang)
    if row.kind is OpKind.FC:
        return f"{t('kind_fc', lang)} {c_in}→{c_out}\n{fmt.params_formula(row)}"
    return "ReLU" if row.kind is OpKind.RELU else row.kind.value


def op_tooltip(row: Row) -> str:
    return (f"{row.name}: {shape_text(row.in_shape)} → {shape_text(row.out_shape)}, "
            f"params {row.params:,}, MACs {row.macs:,}")


def _op_node(g: graphviz.Digraph, row: Row, lang: str, shortcut: ShortcutKind | None = None) -> None:
    attrs = {"fillcolor": OP_FILL.get(row.kind, "#ffffff"), "tooltip": op_tooltip(row),
             "class": f"op {row.kind.value}"}
    if shortcut is not None:
        attrs.update(shortcut_op_attrs(shortcut))
        attrs["class"] += f" shortcut {shortcut.value}"
    g.node(row.name, op_label(row, lang), **attrs)


def block_diagram(analysis: Analysis, block: str, lang: str = "en") -> graphviz.Digraph:
    """One block op by op: input, [shared pre-activation,] the residual branch F(x) in its own box,
    the shortcut beside it, the addition ⊕, [the ReLU after it,] output."""
    spec = find_block(analysis, block)
    rows = {r.name: r for r in analysis.rows if r.block == block}
    g = new_graph(f"block_{block}")
    first = rows[(spec.pre or spec.branch)[0].name]
    g.node("input", t("dg_input", lang, block=block), shape="oval", fillcolor="#ffffff",
           **{"class": "io"})
    last, last_shape = "input", first.in_shape
    for op in spec.pre:  # pre-activation shared by both paths: the shortcut starts after it
        _op_node(g, rows[op.name], lang)
        main_edge(g, last, op.name, shape_text(last_shape))
        last, last_shape = op.name, rows[op.name].out_shape
    split, split_shape = last, last_shape
    with g.subgraph(name="cluster_branch") as c:
        c.attr(label=t("dg_branch", lang), style="rounded,dashed", color="#9aa5b1", fontsize="10",
               labeljust="l")
        for op in spec.branch:
            _op_node(c, rows[op.name], lang)
    for op in spec.branch:
        main_edge(g, last, op.name, shape_text(last_shape))
        last, last_shape = op.name, rows[op.name].out_shape
    if spec.is_residual:
        add = f"{block}.add"
        add_node(g, add, t("dg_add_tip", lang))
        main_edge(g, last, add, shape_text(last_shape))
        _shortcut_path(g, spec, rows, split, split_shape, add, lang)
        last, last_shape = add, rows[add].out_shape
    else:
        no_shortcut_note(g, "no_shortcut", split, lang)
    for op in spec.post:
        _op_node(g, rows[op.name], lang)
        main_edge(g, last, op.name, shape_text(last_shape))
        last, last_shape = op.name, rows[op.name].out_shape
    g.node("output", t("dg_output", lang), shape="oval", fillcolor="#ffffff", **{"class": "io"})
    main_edge(g, last, "output", shape_text(last_shape))
    kinds = (spec.shortcut_kind,) if spec.is_residual else ()
    shortcut_legend(g, lang, kinds, plain=not spec.is_residual)
    return g


def _shortcut_path(g: graphviz.Digraph, spec: BlockSpec, rows: dict[str, Row], split: str,
                   split_shape: tuple[int, int, int], add: str, lang: str) -> None:
    kind = spec.shortcut_kind
    if kind is ShortcutKind.IDENTITY:
        label = f"{t('dg_shortcut_identity', lang)}\n{shape_text(split_shape)}"
        shortcut_edge(g, split, add, kind, label)
        return
    last, last_shape = split, split_shape
    for op in spec.shortcut:
        _op_node(g, rows[op.name], lang, shortcut=kind)
        shortcut_edge(g, last, op.name, kind, shape_text(last_shape))
        last, last_shape = op.name, rows[op.name].out_shape
    shortcut_edge(g, last, add, kind, shape_text(last_shape))


def find_block(analysis: Analysis, name: str) -> BlockSpec:
    for b in analysis.spec.blocks:
        if b.name == name:
            return b
    raise KeyError(f"no block named {name!r}; blocks run from layer1.0 to {analysis.spec.blocks[-1].name}")
