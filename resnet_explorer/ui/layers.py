"""The layer tab: totals, conventions, the paper's Table 1, every layer, block anatomy, downloads
(the printed figures beside ours: published.py)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from .. import formatting as fmt
from ..analysis import memory_estimate
from ..anatomy import block_anatomy
from ..config import NetConfig
from ..export import export_text, to_json
from ..i18n import t
from ..presets import PRESETS
from ..spec import NetSpec, OpKind
from ..tool_counts import tool_table
from . import pagefile, published, safe
from .cached import analysis, per_config

WINDOWED = (OpKind.CONV, OpKind.MAXPOOL, OpKind.ZERO_PAD)  # ops with a kernel and a stride
COUNTS = ("params", "buffers", "MACs", "RF", "jump", "groups")
PERCENTS = ("params_pct", "MACs_pct")
# Pinned to the left so that name, output, params and MACs stay readable on a 1400 px screen
# while the other columns scroll.
PINNED = ("name", "output", "params", "MACs")  # widths fit their content: no number is cut


def columns(frame: pd.DataFrame, lang: str, pin: bool = False) -> dict:
    """Column labels in the reader's language; the frame (and its CSV) keeps English names."""
    config = {}
    for c in frame.columns:
        label, pinned = t(f"col_{c}", lang), {"pinned": True} if pin and c in PINNED else {}
        if c in COUNTS:
            config[c] = st.column_config.NumberColumn(label, format="localized", **pinned)
        elif c == "connected_to":  # mostly empty: sized for its longest entry, not its first
            config[c] = st.column_config.Column(label, width="large")
        elif c in PERCENTS:
            config[c] = st.column_config.NumberColumn(label, format="%.2f%%")
        else:
            config[c] = st.column_config.Column(label, **pinned)
    return config


def _window(r) -> tuple[str, str, str]:
    if r.kind is OpKind.AVGPOOL:
        return "global", "", ""
    if r.kind not in WINDOWED:
        return "", "", ""
    return fmt.window(r.kernel), str(r.stride), str(r.padding)


def connected_to(spec: NetSpec) -> dict[str, str]:
    """The two inputs of every residual addition, as Keras' summary lists them: the last op of the
    residual branch and the last op of the shortcut."""
    return {f"{b.name}.add": f"{b.branch[-1].name}, {b.shortcut[-1].name}"
            for b in spec.blocks if b.shortcut}


@per_config(max_entries=64, resource=True)
def layer_frame(cfg: NetConfig) -> pd.DataFrame:
    a = analysis(cfg)
    rows, tot = a.rows, a.totals
    kernel, stride, padding = zip(*(_window(r) for r in rows))
    inputs = connected_to(a.spec)
    return pd.DataFrame({
        "name": [r.name for r in rows],
        "output": [fmt.shape(r.out_shape) for r in rows],
        "params": [r.params for r in rows],
        "MACs": [r.macs for r in rows],
        "params_pct": [100 * r.params / tot.params if tot.params else 0.0 for r in rows],
        "MACs_pct": [100 * r.macs / tot.macs if tot.macs else 0.0 for r in rows],
        "kind": [r.kind.value for r in rows],
        "connected_to": [inputs.get(r.name, "") for r in rows],
        "stage": [r.stage for r in rows],
        "path": [r.path for r in rows],
        "input": [fmt.shape(r.in_shape) for r in rows],
        "kernel": kernel,
        "stride": stride,
        "padding": padding,
        "groups": [r.groups for r in rows],
        "buffers": [r.buffers for r in rows],
        "params_formula": [fmt.params_formula(r) for r in rows],
        "MACs_formula": [fmt.macs_formula(r) for r in rows],
        "RF": [r.rf for r in rows],
        "jump": [r.jump for r in rows],
    })


@per_config(max_entries=64, resource=True)
def stage_frame(cfg: NetConfig, lang: str) -> pd.DataFrame:
    stages = analysis(cfg).stages
    return pd.DataFrame({
        "layer": [s.name for s in stages],
        "output_size": [fmt.shape(s.output_shape) for s in stages],
        "block": [fmt.block_text(s, lang) for s in stages],
        "params": [s.params for s in stages],
        "MACs": [s.macs for s in stages],
    })


@per_config(max_entries=64, resource=True)
def stage_view(cfg: NetConfig, lang: str) -> tuple[pa.Table, dict]:
    frame = stage_frame(cfg, lang)
    return pa.Table.from_pandas(frame, preserve_index=False), columns(frame, lang)


@per_config(max_entries=32)
def json_text(cfg: NetConfig, batch: int) -> str:
    return json.dumps(to_json(analysis(cfg), batch), indent=1)


# Tables are handed to st.dataframe as Arrow: built once per net and language and shared, so a
# rerun serializes them and converts nothing (benchmarks/profile_rerun.py measures a rerun).
def _arrow(columns: dict) -> pa.Table:
    return pa.table({str(k): list(v) for k, v in columns.items()})


def totals(cfg: NetConfig, lang: str) -> None:
    a = analysis(cfg)
    tot = a.totals
    cols = st.columns(5)
    cols[0].metric(t("params", lang), fmt.short(tot.params), help=fmt.num(tot.params))
    cols[1].metric(t("macs", lang), fmt.short(tot.macs), help=fmt.num(tot.macs))
    cols[2].metric(t("flops", lang), fmt.short(tot.flops), help=fmt.num(tot.flops))
    cols[3].metric(t("depth", lang), a.spec.depth, help=t("depth_help", lang))
    cols[4].metric(t("blocks", lang), len(a.spec.blocks))
    published.figures(cfg, lang)
    published.article(cfg, lang)
    # Drawn only while open (and open from a link: ?conventions=true); closed, it costs nothing.
    panel = st.expander(t("conventions", lang), key="conventions", bind="query-params")
    if not panel.open:
        return
    with panel:
        st.markdown(t("conventions_text", lang))
        st.caption(t("params_breakdown", lang, params=fmt.num(tot.params), buffers=fmt.num(tot.buffers),
                     bn=fmt.num(tot.bn_params), bias=fmt.num(tot.bias_params)))
        tool_table_view(cfg, lang)


def tool_table_view(cfg: NetConfig, lang: str) -> None:
    """The counting-convention lab: each tool's total for this net, with what it counts."""
    st.markdown(f"**{t('tools_title', lang)}**")
    st.caption(t("tools_intro", lang))
    total = t("tools_col_total", lang)
    st.dataframe(tools_table(cfg, lang), hide_index=True,
                 column_config={total: st.column_config.NumberColumn(format="localized")})
    st.caption(t("tools_none_count", lang))


@per_config(max_entries=64, resource=True)
def tools_table(cfg: NetConfig, lang: str) -> pa.Table:
    rows = tool_table(analysis(cfg))
    return _arrow({
        t("tools_col_tool", lang): [r.tool for r in rows],
        t("tools_col_call", lang): [r.call for r in rows],
        t("tools_col_total", lang): [r.value for r in rows],
        t("tools_col_reason", lang): [t(r.reason, lang) for r in rows],
    })


def memory(cfg: NetConfig, lang: str) -> None:
    batch = st.number_input(t("batch_size", lang), 1, 4096, 32, key="batch", bind="query-params")
    mem = memory_estimate(analysis(cfg).totals, int(batch))
    st.dataframe(_arrow({
        t("memory_part", lang): [t("mem_weights", lang), t("mem_grads", lang), t("mem_sgd", lang),
                                 t("mem_adam", lang), t("mem_acts", lang), t("mem_total_sgd", lang),
                                 t("mem_total_adam", lang)],
        t("memory_size", lang): [fmt.size(v) for v in (mem.weights, mem.gradients, mem.sgd_momentum_state,
                                                       mem.adam_state, mem.activations, mem.total("sgd"),
                                                       mem.total("adam"))],
    }), hide_index=True)
    st.caption(t("memory_note", lang))
    return int(batch)


def anatomy(lang: str) -> None:
    bottleneck, basic, small = (block_anatomy("bottleneck", 256), block_anatomy("basic", 256),
                                block_anatomy("basic", 64))
    cols = st.columns(3)
    cols[0].metric(t("anatomy_bottleneck", lang), fmt.num(bottleneck.weights),
                   help=fmt.anatomy_formula(bottleneck))
    cols[1].metric(t("anatomy_two_3x3", lang), fmt.num(basic.weights), help=fmt.anatomy_formula(basic))
    cols[2].metric(t("anatomy_basic64", lang), fmt.num(small.weights), help=fmt.anatomy_formula(small))
    st.caption(t("anatomy_note", lang, ratio=f"{basic.weights / bottleneck.weights:.1f}"))


@st.fragment
def layer_table(cfg: NetConfig, lang: str) -> None:
    """The filter and the table it filters: typing in the filter reruns only this part (its own
    rerun passes through safe.view: one sentence on a bug, and the process's turn)."""
    safe.view(_layer_table, lang, cfg, lang)


def _layer_table(cfg: NetConfig, lang: str) -> None:
    query = st.text_input(t("filter", lang), key="layer_filter", placeholder="layer3 / conv / add",
                          bind="query-params")  # a link carries the filter
    view, config = layer_view(cfg, lang, query)
    st.caption(t("rows_shown", lang, n=view.num_rows))
    st.dataframe(view, hide_index=True, height=420, column_config=config)


@per_config(max_entries=64, resource=True)
def layer_arrow(cfg: NetConfig, lang: str) -> tuple[pa.Table, pa.Array, dict]:
    """Every row as Arrow with its kind in the reader's language, the kinds' ids (what the filter
    matches) and the column labels."""
    frame = layer_frame(cfg)
    shown = frame.assign(kind=[t(f"kind_{k}", lang) for k in frame["kind"]])
    return (pa.Table.from_pandas(shown, preserve_index=False), pa.array(frame["kind"], pa.string()),
            columns(shown, lang, pin=True))


def layer_view(cfg: NetConfig, lang: str, query: str) -> tuple[pa.Table, dict]:
    """The rows whose name contains `query` (or whose kind is `query`): filtered in Arrow on every
    keystroke, the table itself built once per net and language."""
    table, kinds, config = layer_arrow(cfg, lang)
    if query:
        table = table.filter(pc.or_(pc.match_substring(table["name"], query), pc.equal(kinds, query)))
    return table, config


def show(cfg: NetConfig, lang: str) -> None:
    totals(cfg, lang)
    st.subheader(t("table1", lang))
    stages, config = stage_view(cfg, lang)
    st.dataframe(stages, hide_index=True, column_config=config)
    st.subheader(t("layer_table", lang))
    layer_table(cfg, lang)
    left, right = st.columns(2)
    with left:
        st.subheader(t("memory", lang))
        batch = memory(cfg, lang)
    with right:
        st.subheader(t("anatomy", lang))
        anatomy(lang)
        # Downloads built when clicked (a callable), not on every rerun: the PyTorch and torchinfo
        # texts build the model (benchmarks/profile_rerun.py says how long that takes).
        st.download_button(t("download_csv", lang), lambda: layer_frame(cfg).to_csv(index=False),
                           file_name="layers.csv", mime="text/csv", on_click="ignore")
        st.download_button(t("download_json", lang), lambda: json_text(cfg, batch), file_name="summary.json",
                           mime="application/json", on_click="ignore")
        downloads(cfg, lang)
        pagefile.report_download(cfg, lang)


# (format, file name, mime type) of the other downloads: the same texts as `export --format ...`.
DOWNLOADS = (("markdown", "layers.md", "text/markdown"), ("latex", "layers.tex", "text/x-tex"),
             ("pytorch", "resnet.py", "text/x-python"), ("torchinfo", "torchinfo.txt", "text/plain"))


@per_config(max_entries=32)
def export_file(cfg: NetConfig, form: str, title: str) -> str:
    return export_text(analysis(cfg), form, title)


def downloads(cfg: NetConfig, lang: str) -> None:
    title = next((name for name, p in PRESETS.items() if p.config == cfg), "ResNet")
    for form, name, mime in DOWNLOADS:
        st.download_button(t(f"download_{form}", lang), lambda form=form: export_file(cfg, form, title),
                           file_name=name,
                           mime=mime, on_click="ignore", key=f"download_{form}")
