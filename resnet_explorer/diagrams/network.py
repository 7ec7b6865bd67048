"""Pure: the whole network as one graphviz.Digraph: stem -> stages -> pooling -> fc.

Runs of identical blocks fold into one stacked node ("Bottleneck × 5") that keeps its shortcut and
⊕, so ResNet-152 and the CIFAR ResNet-1202 (200 blocks a stage) stay legible; any stage can be
expanded block by block. Node ids are layer-table row names (a block node is named by the last row
of its branch, a fold by the last block's), and edges carry the shape leaving that row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import graphviz

from ..analysis import Analysis, Row
from ..formatting import count_text, window
from ..formatting import shape as shape_text
from ..i18n import t
from ..spec import BlockSpec, OpKind, ShortcutKind
from .style import (
    CLUSTER_FILL,
    MUTED,
    SHORTCUT,
    add_node,
    attrs_text,
    main_edge,
    metric_fill,
    metric_legend,
    new_graph,
    no_shortcut_note,
    node_line,
    shortcut_edge,
    shortcut_legend,
    shortcut_op_attrs,
)

METRICS = ("none", "params", "macs", "values")


def fold_blocks(blocks: tuple[BlockSpec, ...]) -> list[tuple[BlockSpec, ...]]:
    """Consecutive blocks with the same signature (channels, stride, shortcut, pre-activation) are
    identical layer for layer, so one node can stand for the run."""
    runs: list[list[BlockSpec]] = []
    for b in blocks:
        if runs and _signature(runs[-1][-1]) == _signature(b):
            runs[-1].append(b)
        else:
            runs.append([b])
    return [tuple(r) for r in runs]


def _signature(b: BlockSpec) -> tuple:
    return (b.block, b.in_ch, b.inner_ch, b.out_ch, b.stride, b.shortcut_kind, bool(b.pre))


def net_diagram(analysis: Analysis, expanded: Collection[str] = (), metric: str = "none",
                values: Mapping[str, float] | None = None, values_title: str = "", lang: str = "en",
                rankdir: str = "TB") -> graphviz.Digraph:
    """The network with every stage folded except those named in `expanded` ("layer2", ...).

    `metric` colours the nodes: "params" or "macs" from the layer table, or "values" from a
    caller's {block name: number} mapping (e.g. the latest gradient norm of "layer1.0")."""
    if metric not in METRICS:
        raise ValueError(f"metric {metric!r}: choose one of {', '.join(METRICS)}")
    spec = analysis.spec
    rows = {r.name: r for r in analysis.rows}
    per_block = block_sums(analysis.rows)
    block_out = {r.block: r.out_shape for r in analysis.rows if r.block}  # the last row of each block wins
    units = {s.name: ([(b,) for b in s.blocks] if s.name in expanded else fold_blocks(s.blocks))
             for s in spec.stages}
    scale = _Scale(metric, values or {}, values_title, per_block, analysis, units, lang)
    g = new_graph(f"net_{spec.depth}", rankdir)
    g.node("input", t("dg_image", lang, shape=shape_text(analysis.input_shape)), shape="oval",
           **{"class": "io"})
    prev, prev_shape = "input", analysis.input_shape
    stem = [rows[op.name] for op in spec.stem]
    prev, prev_shape = _chain_node(g, prev, prev_shape, stem, t("dg_stem", lang), scale, "stem", lang)
    for stage in spec.stages:
        with g.subgraph(name=f"cluster_{stage.name}") as c:
            c.attr(label=t("dg_stage", lang, name=stage.name, paper=stage.paper_name, n=len(stage.blocks),
                           shape=shape_text(block_out[stage.blocks[-1].name])),
                   style="rounded,filled", fillcolor=CLUSTER_FILL, color=MUTED, fontsize="11",
                   labeljust="l")
            for unit in units[stage.name]:
                prev, prev_shape = _unit(g, c, unit, prev, prev_shape, rows, scale, lang)
    head = [rows[op.name] for op in spec.head]
    if head[0].kind is not OpKind.AVGPOOL:  # a pre-activation net's final BN-ReLU
        k = next(i for i, r in enumerate(head) if r.kind is OpKind.AVGPOOL)
        prev, prev_shape = _chain_node(g, prev, prev_shape, head[:k], "", None, "", lang)
        head = head[k:]
    for r in head:
        key = "fc" if r.kind is OpKind.FC else ""
        prev, prev_shape = _chain_node(g, prev, prev_shape, [r], "", scale, key, lang)
    g.node("output", t("dg_logits", lang, n=prev_shape[0]), shape="oval", **{"class": "io"})
    main_edge(g, prev, "output", shape_text(prev_shape))
    kinds = tuple(k for k in (ShortcutKind.IDENTITY, ShortcutKind.ZERO_PAD, ShortcutKind.PROJECTION)
                  if any(b.shortcut_kind is k for b in spec.blocks))
    shortcut_legend(g, lang, kinds, plain=any(not b.is_residual for b in spec.blocks))
    scale.legend(g)
    return g


def block_sums(rows: tuple[Row, ...]) -> dict[str, tuple[int, int]]:
    """(params, MACs) of each block, shortcut included; the stem and head under their own names."""
    sums: dict[str, tuple[int, int]] = {}
    for r in rows:
        key = r.block or ("stem" if r.stage == "stem" else r.name)
        p, m = sums.get(key, (0, 0))
        sums[key] = (p + r.params, m + r.macs)
    return sums


class _Scale:
    """The metric colouring of one diagram: a value per coloured node and the range they span."""

    def __init__(self, metric: str, values: Mapping[str, float], title: str,
                 per_block: dict[str, tuple[int, int]], analysis: Analysis, units: dict, lang: str):
        self.metric, self.values, self.per_block, self.lang = metric, values, per_block, lang
        self.title = {"params": t("dg_metric_params", lang), "macs": t("dg_metric_macs", lang)}.get(
            metric, title or t("dg_metric_values", lang))
        drawn = [self.value(u) for us in units.values() for u in us]
        if metric in ("params", "macs"):
            drawn += [self.value_of("stem"), self.value_of("fc")]
        found = [v for v in drawn if v is not None]
        # Counts start at zero so colour is proportional; a caller's values span their own range.
        self.lo = 0.0 if metric in ("params", "macs") or not found else min(found)
        self.hi = max(found) if found else 1.0

    def value_of(self, key: str) -> float | None:
        if self.metric in ("params", "macs"):
            return self.per_block[key][0 if self.metric == "params" else 1]
        if self.metric == "values" and key in self.values:
            return float(self.values[key])
        return None

    def value(self, unit: tuple[BlockSpec, ...]) -> float | None:
        found = [v for v in (self.value_of(b.name) for b in unit) if v is not None]
        return sum(found) / len(found) if found else None

    def text(self, unit: tuple[BlockSpec, ...] | None, key: str = "") -> str:
        if self.metric == "none":
            return ""
        vals = [self.value_of(b.name) for b in unit] if unit else [self.value_of(key)]
        found = [v for v in vals if v is not None]
        if not found:
            return f"{self.title}: —"
        lo, hi = min(found), max(found)
        each = t("dg_each", self.lang) if len(vals) > 1 else ""
        span = count_text(lo) if lo == hi else f"{count_text(lo)}–{count_text(hi)}"
        return f"{self.title}: {span}{each}"

    def fill(self, value: float | None, colour_missing: bool = True) -> dict[str, str]:
        if self.metric == "none" or (value is None and not colour_missing):
            return {}
        fill, font = metric_fill(value, self.lo, self.hi)
        return {"fillcolor": fill, "fontcolor": font}

    def legend(self, g: graphviz.Digraph) -> None:
        if self.metric != "none":
            metric_legend(g, self.title, self.lo, self.hi)


def _chain_node(g: graphviz.Digraph, prev: str, prev_shape: tuple, rows: list[Row], title: str,
                scale: _Scale | None, key: str, lang: str) -> tuple[str, tuple]:
    """Several ops in a row (the stem, the head) drawn as one node named by its last row."""
    last = rows[-1]
    body = "\n".join(_short(r, lang) for r in rows)
    label = f"{title}\n{body}" if title else body
    attrs: dict[str, str] = {}
    if scale is not None and key:
        extra = scale.text(None, key)
        label += f"\n{extra}" if extra else ""
        attrs = scale.fill(scale.value_of(key), colour_missing=False)
    tip = "; ".join(f"{r.name} {shape_text(r.out_shape)}" for r in rows)
    g.node(last.name, label, tooltip=tip, **attrs, **{"class": "op"})
    main_edge(g, prev, last.name, shape_text(prev_shape))
    return last.name, last.out_shape


def _short(r: Row, lang: str) -> str:
    """One op in a few words, in the reader's language: 'conv 7×7/2, 64', '最大池化 3×3/2'."""
    s = f"/{r.stride}" if r.stride != 1 else ""
    kind = t(f"kind_{r.kind.value}", lang)
    if r.kind in (OpKind.CONV, OpKind.MAXPOOL):
        return f"{kind} {window(r.kernel)}{s}" + (f", {r.out_shape[0]}" if r.kind is OpKind.CONV else "")
    if r.kind is OpKind.FC:
        return f"{kind} {r.in_shape[0]}→{r.out_shape[0]}"
    return kind


def _unit(g: graphviz.Digraph, c: graphviz.Digraph, unit: tuple[BlockSpec, ...], prev: str,
          prev_shape: tuple, rows: dict[str, Row], scale: _Scale, lang: str) -> tuple[str, tuple]:
    """One block, or a folded run of identical blocks, with its shortcut and ⊕."""
    b0, bl = unit[0], unit[-1]
    if b0.pre:  # pre-activation before the split: the shortcut starts from its output
        pre = b0.pre[-1].name
        c.node(pre, t("dg_preact", lang), tooltip=", ".join(op.name for op in b0.pre), **{"class": "op"})
        main_edge(g, prev, pre, shape_text(prev_shape))
        prev, prev_shape = pre, rows[pre].out_shape
    node = bl.branch[-1].name
    folded = len(unit) > 1
    attrs = {"shape": "box3d", "style": "filled"} if folded else {}
    if b0.downsamples:
        attrs["penwidth"] = "2.2"
    value = scale.value(unit)
    attrs |= scale.fill(value) | {"tooltip": _block_tip(unit, rows), "class": "fold" if folded else "block"}
    node_line(c, node, _block_label(unit, rows, scale, lang), attrs_text(attrs))
    main_edge(g, prev, node, shape_text(prev_shape))
    out_shape = rows[node].out_shape
    if not bl.is_residual:
        no_shortcut_note(c, f"{bl.name}.no_shortcut", prev, lang, beside=node)
        return node, rows[bl.post[-1].name].out_shape if bl.post else out_shape
    add = f"{bl.name}.add"
    add_node(c, add, t("dg_add_tip", lang) + (f" × {len(unit)}" if folded else ""))
    main_edge(g, node, add, shape_text(out_shape))
    times = f" × {len(unit)}" if folded else ""
    kind = bl.shortcut_kind
    if kind is ShortcutKind.IDENTITY:
        label = f"{t('dg_shortcut_identity', lang)}{times}\n{shape_text(prev_shape)}"
        shortcut_edge(g, prev, add, kind, label)
    else:
        short = bl.shortcut[-1].name
        label = "\n".join(_short(rows[op.name], lang) for op in bl.shortcut)
        name = t(f"dg_shortcut_{kind.value}", lang)
        c.node(short, f"{name}{times}\n{label}", fontcolor=SHORTCUT, tooltip=_block_tip(unit, rows),
               **shortcut_op_attrs(kind), **{"class": f"shortcut {kind.value}"})
        shortcut_edge(g, prev, short, kind, shape_text(prev_shape))
        shortcut_edge(g, short, add, kind, shape_text(rows[short].out_shape))
    return add, rows[add].out_shape


def _block_label(unit: tuple[BlockSpec, ...], rows: dict[str, Row], scale: _Scale, lang: str) -> str:
    b0, bl = unit[0], unit[-1]
    kind = t(f"dg_{b0.block.value}", lang)
    if not b0.is_residual:
        kind = t("dg_plain", lang, kind=kind)
    title = f"{kind} × {len(unit)}\n{b0.name} – {bl.name}" if len(unit) > 1 else f"{b0.name}  {kind}"
    lines = [title]
    if b0.downsamples:
        lines.append(t("dg_downsample", lang, a=b0.in_ch, b=b0.out_ch, s=b0.stride))
    convs = [rows[op.name] for op in b0.branch if op.kind is OpKind.CONV]
    grouped = {r.name: f" g{r.groups}" if r.groups > 1 else "" for r in convs}
    lines.append(" · ".join(f"{window(r.kernel)},{r.out_shape[0]}{grouped[r.name]}" for r in convs))
    extra = scale.text(unit)
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def _block_tip(unit: tuple[BlockSpec, ...], rows: dict[str, Row]) -> str:
    b0, bl = unit[0], unit[-1]
    ops = [rows[op.name] for op in (*b0.pre, *b0.branch, *b0.shortcut, *b0.post)]
    params = sum(r.params for r in ops)
    span = f"{b0.name}–{bl.name} ({len(unit)} blocks)" if len(unit) > 1 else b0.name
    return f"{span}: params {params:,} per block; " + ", ".join(r.name.rsplit('.', 1)[-1] for r in ops)
