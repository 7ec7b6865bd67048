"""Pure: what each diagram shows, in one or two sentences, from the same Analysis (or anatomy) the
diagram is drawn from: the text alternative shown under it in the app and used as the SVG's title in
a static page, for a reader who cannot see the picture.

- `block_alt`: one block op by op, its shortcut and where the two paths meet (block.block_diagram);
- `net_alt`: the whole network as the folded diagram draws it, unit by unit (network.net_diagram);
- `anatomy_alt`: a block of the basic-vs-bottleneck comparison with its weights (compare.anatomy_diagram).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..analysis import Analysis, Row
from ..anatomy import BlockAnatomy
from ..formatting import conv_weights, measured, num, window
from ..formatting import shape as shape_text
from ..i18n import t
from ..presets import name_of
from ..spec import BlockSpec, OpKind, ShortcutKind
from .block import find_block
from .network import METRICS, block_sums, fold_blocks


def net_name(analysis: Analysis, lang: str) -> str:
    """The preset's name, or 'a 26-layer network' for one of the reader's own."""
    return name_of(analysis.config) or t("alt_own_net", lang, depth=analysis.spec.depth)


def op_text(row: Row, lang: str) -> str:
    """One op in words: 'conv 3×3 64→128, stride 2', 'BN', 'max-pool 3×3, stride 2', 'fc 512→1000'."""
    kind = t(f"kind_{row.kind.value}", lang)
    stride = t("alt_stride", lang, s=row.stride) if row.stride != 1 else ""
    if row.kind is OpKind.CONV:
        groups = t("alt_groups", lang, g=row.groups) if row.groups != 1 else ""
        bias = t("alt_bias", lang) if row.params > row.weights else ""
        return f"{kind} {window(row.kernel)} {row.in_shape[0]}→{row.out_shape[0]}{stride}{groups}{bias}"
    if row.kind is OpKind.MAXPOOL:
        return f"{kind} {window(row.kernel)}{stride}"
    if row.kind is OpKind.FC:
        return f"{kind} {row.in_shape[0]}→{row.out_shape[0]}"
    return kind


def _ops(rows: list[Row], lang: str) -> str:
    return t("alt_list", lang).join(op_text(r, lang) for r in rows)


def _shortcut(b: BlockSpec, rows: dict[str, Row], lang: str) -> str:
    kind = b.shortcut_kind
    if kind is ShortcutKind.IDENTITY:
        return t("alt_sc_identity", lang)
    if kind is ShortcutKind.ZERO_PAD:
        key = "alt_sc_zero_pad" if b.stride != 1 else "alt_sc_zero_pad_flat"
        return t(key, lang, s=b.stride, a=b.in_ch, b=b.out_ch)
    if kind is ShortcutKind.PROJECTION:
        conv = rows[b.shortcut[0].name]
        stride = t("alt_stride", lang, s=conv.stride) if conv.stride != 1 else ""
        bn = t("alt_with_bn", lang) if any(op.kind is OpKind.BN for op in b.shortcut) else ""
        return t("alt_sc_projection", lang, a=b.in_ch, b=b.out_ch, stride=stride, bn=bn)
    return t("alt_sc_none", lang)


def block_alt(analysis: Analysis, block: str, lang: str = "en") -> str:
    """'layer1.0 of resnet50 (input 64×56×56, output 256×56×56): conv 1×1 64→64, BN, ReLU, ...;
    shortcut: a 1×1 projection 64→256 with BN, added before the last ReLU.'"""
    b = find_block(analysis, block)
    rows = {r.name: r for r in analysis.rows if r.block == block}
    ordered = [r for r in analysis.rows if r.block == block]
    head = t("alt_block_head", lang, block=block, net=net_name(analysis, lang),
             inp=shape_text(ordered[0].in_shape), out=shape_text(ordered[-1].out_shape))
    branch = _ops([rows[op.name] for op in b.branch], lang)
    if b.pre:
        branch = t("alt_pre", lang, ops=_ops([rows[op.name] for op in b.pre], lang), branch=branch)
    if b.is_residual:
        meet = t("alt_meet_relu" if b.post else "alt_meet_out", lang)
        return t("alt_block", lang, head=head, branch=branch, shortcut=_shortcut(b, rows, lang), meet=meet)
    post = t("alt_post", lang, ops=_ops([rows[op.name] for op in b.post], lang)) if b.post else ""
    return t("alt_block_plain", lang, head=head, branch=branch, shortcut=_shortcut(b, rows, lang), post=post)


def _kind(b: BlockSpec, lang: str) -> str:
    kind = t(f"dg_{b.block.value}", lang)
    return kind if b.is_residual else t("dg_plain", lang, kind=kind)


def _unit(unit: tuple[BlockSpec, ...], lang: str) -> str:
    b0, bl = unit[0], unit[-1]
    down = ""
    if b0.downsamples:
        down = t("alt_down" if b0.stride != 1 else "alt_widen", lang, a=b0.in_ch, b=b0.out_ch, s=b0.stride)
    short = t(f"alt_unit_sc_{b0.shortcut_kind.value}", lang)
    if len(unit) == 1:
        return t("alt_unit_one", lang, kind=_kind(b0, lang), name=b0.name, down=down, shortcut=short)
    return t("alt_unit_many", lang, kind=_kind(b0, lang), n=len(unit), first=b0.name, last=bl.name,
             down=down, shortcut=short)


def net_alt(analysis: Analysis, expanded: Collection[str] = (), metric: str = "none",
            values: Mapping[str, float] | None = None, values_title: str = "", lang: str = "en") -> str:
    """The network as net_diagram draws it with the same arguments: stem, each stage unit by unit
    (folded runs as one), head; and what the colours mean where the boxes are coloured."""
    if metric not in METRICS:
        raise ValueError(f"metric {metric!r}: choose one of {', '.join(METRICS)}")
    spec = analysis.spec
    rows = {r.name: r for r in analysis.rows}
    last_row = {r.block: r for r in analysis.rows if r.block}
    stages = []
    folded = False
    for s in spec.stages:
        units = [(b,) for b in s.blocks] if s.name in expanded else fold_blocks(s.blocks)
        folded |= any(len(u) > 1 for u in units)
        stages.append(t("alt_stage", lang, stage=s.name, paper=s.paper_name, n=len(s.blocks),
                        out=shape_text(last_row[s.blocks[-1].name].out_shape),
                        units=t("alt_then", lang).join(_unit(u, lang) for u in units)))
    stem = [rows[op.name] for op in spec.stem]
    head = [rows[op.name] for op in spec.head]
    how = t("alt_folded" if folded else "alt_every", lang)
    text = t("alt_net", lang, net=net_name(analysis, lang), how=how,
             image=shape_text(analysis.input_shape), stem=_ops(stem, lang),
             stem_out=shape_text(stem[-1].out_shape), stages=t("alt_stages_sep", lang).join(stages),
             head=_ops(head, lang), n=head[-1].out_shape[0])
    return text + _colours(analysis, metric, values or {}, values_title, lang)


def _colours(analysis: Analysis, metric: str, values: Mapping[str, float], title: str, lang: str) -> str:
    """The range the colouring spans, over the nodes the diagram colours."""
    if metric == "none":
        return ""
    blocks = [b.name for b in analysis.spec.blocks]
    if metric in ("params", "macs"):
        sums = block_sums(analysis.rows)
        i = 0 if metric == "params" else 1
        found = [(sums[k][i], k) for k in ["stem", *blocks, "fc"]]
        title = t(f"dg_metric_{metric}", lang)
    else:
        found = [(float(values[k]), k) for k in blocks if k in values]
        title = title or t("dg_metric_values", lang)
    if not found:
        return t("alt_colour_none", lang, title=title)
    lo, hi = min(v for v, _ in found), max(v for v, _ in found)
    text = num if metric in ("params", "macs") else measured
    return t("alt_colour", lang, title=title, lo=text(lo), lo_where=_where(found, lo, lang), hi=text(hi),
             hi_where=_where(found, hi, lang))


def _where(found: list[tuple[float, str]], value: float, lang: str, shown: int = 3) -> str:
    """Every node that has `value` (identical blocks tie), the first few by name and how many more."""
    names = {"stem": t("alt_the_stem", lang), "fc": t("kind_fc", lang)}
    at = [names.get(k, k) for v, k in found if v == value]
    text = t("alt_list", lang).join(at[:shown])
    return text + (t("alt_more", lang, n=len(at) - shown) if len(at) > shown else "")


def anatomy_alt(anatomy: BlockAnatomy, lang: str = "en") -> str:
    """'Bottleneck block, 256-d at 56×56: conv 1×1 256→64, ReLU, ..., added to the identity shortcut,
    then ReLU; 69,632 conv weights (1×1×256×64 + ...) and 218,103,808 MACs.'"""
    h, w = anatomy.hw
    conv = t("kind_conv", lang)
    parts: list[str] = []
    for c in anatomy.convs:
        if parts:
            parts.append("ReLU")
        groups = t("alt_groups", lang, g=c.groups) if c.groups != 1 else ""
        parts.append(f"{conv} {window(c.kernel)} {c.in_ch}→{c.out_ch}{groups}")
    ops = t("alt_list", lang).join(parts)
    formula = " + ".join(conv_weights(c.kernel, c.in_ch, c.out_ch, c.groups) for c in anatomy.convs)
    return t("alt_anatomy", lang, kind=t(f"dg_{anatomy.block.value}", lang), width=anatomy.width, h=h, w=w,
             ops=ops, weights=num(anatomy.weights), formula=formula, macs=num(anatomy.macs))
