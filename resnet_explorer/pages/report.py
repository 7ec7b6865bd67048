"""Pure: the layer tab of a net as a static page: the totals with the conventions they follow, the
paper's Table 1, a block diagram and the folded network diagram (each with its text alternative),
every layer, and each counting tool's total. Every number comes from one Analysis."""

from __future__ import annotations

from ..analysis import Analysis
from ..diagrams import block_diagram, net_diagram
from ..diagrams.describe import block_alt, net_alt, net_name
from ..formatting import block_text, macs_formula, params_formula
from ..formatting import shape as shape_text
from ..i18n import t
from ..tool_counts import tool_table
from .page import Page

NET_METRIC = "params"  # the network diagram is coloured as the app's diagrams tab opens it


def shown_block(a: Analysis) -> str:
    """The block the report draws: the first that changes shape after the first stage (its shortcut
    is zero-padding or a projection, the case the paper's Fig. 3 marks), else the first block."""
    blocks = a.spec.blocks
    return next((b.name for b in blocks if b.stage > 0 and b.downsamples), blocks[0].name)


def totals_columns(a: Analysis, lang: str) -> dict[str, list]:
    tot = a.totals
    names = [t("params", lang), t("pg_buffers", lang), t("macs", lang), t("flops", lang), t("depth", lang),
             t("blocks", lang)]
    values = [tot.params, tot.buffers, tot.macs, tot.flops, a.spec.depth, len(a.spec.blocks)]
    return {t("pg_quantity", lang): names, t("pg_value", lang): values}


def stage_columns(a: Analysis, lang: str) -> dict[str, list]:
    stages = a.stages
    return {t("col_layer", lang): [s.name for s in stages],
            t("col_output_size", lang): [shape_text(s.output_shape) for s in stages],
            t("col_block", lang): [block_text(s, lang) for s in stages],
            t("col_params", lang): [s.params for s in stages],
            t("col_MACs", lang): [s.macs for s in stages]}


def layer_columns(a: Analysis, lang: str) -> dict[str, list]:
    rows = a.rows
    return {t("col_name", lang): [r.name for r in rows],
            t("col_kind", lang): [t(f"kind_{r.kind.value}", lang) for r in rows],
            t("col_input", lang): [shape_text(r.in_shape) for r in rows],
            t("col_output", lang): [shape_text(r.out_shape) for r in rows],
            t("col_params", lang): [r.params for r in rows],
            t("col_MACs", lang): [r.macs for r in rows],
            t("col_params_formula", lang): [params_formula(r) for r in rows],
            t("col_MACs_formula", lang): [macs_formula(r) for r in rows],
            t("col_RF", lang): [r.rf for r in rows]}


def tool_columns(a: Analysis, lang: str) -> dict[str, list]:
    rows = tool_table(a)
    return {t("tools_col_tool", lang): [r.tool for r in rows],
            t("tools_col_call", lang): [r.call for r in rows],
            t("tools_col_total", lang): [r.value for r in rows],
            t("tools_col_reason", lang): [t(r.reason, lang) for r in rows]}


def net_report(a: Analysis, lang: str = "en") -> Page:
    """The report of one analysed net, in `lang`."""
    tot = a.totals
    name = net_name(a, lang)
    page = Page(t("pg_report_title", lang, name=name), lang)
    page.text(t("pg_report_intro", lang, name=name, image=shape_text(a.input_shape), depth=a.spec.depth,
                blocks=len(a.spec.blocks), stages=len(a.spec.stages)))
    page.heading(t("pg_totals", lang)).table(totals_columns(a, lang))
    page.caption(t("params_breakdown", lang, params=f"{tot.params:,}", buffers=f"{tot.buffers:,}",
                   bn=f"{tot.bn_params:,}", bias=f"{tot.bias_params:,}"))
    page.heading(t("conventions", lang), 3).text(t("conventions_text", lang))
    page.heading(t("table1", lang)).table(stage_columns(a, lang))
    block = shown_block(a)
    page.heading(t("dg_block_header", lang)).diagram(block_diagram(a, block, lang), block_alt(a, block, lang))
    page.heading(t("dg_net_header", lang))
    page.diagram(net_diagram(a, metric=NET_METRIC, lang=lang), net_alt(a, metric=NET_METRIC, lang=lang))
    page.heading(t("layer_table", lang)).caption(t("pg_rows", lang, n=len(a.rows)))
    page.table(layer_columns(a, lang))
    page.heading(t("tools_title", lang)).caption(t("tools_intro", lang)).table(tool_columns(a, lang))
    return page.text(t("tools_none_count", lang))
