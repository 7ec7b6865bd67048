"""The diagrams tab: one block op by op, basic vs bottleneck, the whole network; with downloads."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from .. import diagrams as diagram
from ..config import NetConfig
from ..diagrams import describe
from ..i18n import t
from . import charts
from .cached import analysis, per_config
from .labrun import measured_grad_norms

WIDTHS = (16, 32, 64, 128, 256, 512, 1024, 2048)
RESOLUTIONS = (7, 14, 28, 56, 112, 224)
MAX_EXPANDED = 60  # beyond this many blocks an expanded diagram stops being readable


@per_config(max_entries=64)
def _block_dot(cfg: NetConfig, block: str, lang: str) -> str:
    return diagram.block_diagram(analysis(cfg), block, lang).source


@per_config(max_entries=64)
def _net_dot(cfg: NetConfig, expanded: tuple[str, ...], metric: str,
             values: tuple[tuple[str, float], ...], values_title: str, lang: str) -> str:
    return diagram.net_diagram(analysis(cfg), expanded, metric, dict(values), values_title, lang).source


@st.cache_data(max_entries=64, show_spinner=False)
def _anatomy_dot(block: str, width: int, ratio: int, hw: int, lang: str) -> str:
    cmp = diagram.compare_blocks(width, width, ratio, (hw, hw))
    anatomy = cmp.bottleneck if block == "bottleneck" else cmp.basic
    return diagram.anatomy_diagram(anatomy, lang).source


@st.cache_data(max_entries=16, show_spinner=False)
def _rendered(dot: str, fmt: str) -> bytes:
    return diagram.export(dot, fmt)


def show(cfg: NetConfig, lang: str) -> None:
    _blocks(cfg, lang)
    st.divider()
    _compare(lang)
    st.divider()
    _network(cfg, lang)


def _downloads(dot: str, name: str, key: str, lang: str) -> None:
    """DOT always; SVG and PNG rendered only when clicked, and only where `dot` is installed."""
    renders = diagram.can_render()
    formats = diagram.FORMATS if renders else ("dot",)
    mimes = {"dot": "text/vnd.graphviz", "svg": "image/svg+xml", "png": "image/png"}
    cols = st.columns(len(formats) + (0 if renders else 1))
    for col, fmt in zip(cols, formats):
        data = dot if fmt == "dot" else (lambda fmt=fmt: _rendered(dot, fmt))
        col.download_button(t("dg_download", lang, fmt=fmt.upper()), data, file_name=f"{name}.{fmt}",
                            mime=mimes[fmt], key=f"diagram_dl_{key}_{fmt}", on_click="ignore")
    if not renders:
        cols[-1].caption(t("dg_no_dot", lang))


def _forget(key: str, valid: Callable[[object], bool]) -> None:
    """The network changed under a remembered choice: forget it, so the bound widget starts again
    from the link (where the link names an option of this network) or else from its default."""
    if key in st.session_state and not valid(st.session_state[key]):
        del st.session_state[key]


def _from_link(key: str, options: list[str], default: str | list[str], many: bool = False) -> None:
    """Seed a widget with a display text (format_func) from the link, by hand.

    `bind="query-params"` would put the displayed text in the URL ("MACs" in English, another word in
    Chinese; "layer3 (conv4_x, 6)" with the block count): a language switch would break the link.
    Here the URL carries the fixed option ids. The student's latest choice wins over the link; ids
    the current network lacks are dropped, and what is left falls back to the default."""
    if key in st.session_state:
        current = st.session_state[key]
    else:
        current = [v for v in st.query_params.get_all(key) if v in options]
        current = list(dict.fromkeys(current)) if many else (current[0] if current else default)
    if many:
        current = [v for v in current if v in options]
    elif current not in options:
        current = default
    st.session_state[key] = current


def _to_link(key: str, value: str | list[str], default: str | list[str]) -> None:
    """Write a hand-synced choice into the link; the default is left out, as bound widgets do."""
    if value == default:
        st.query_params.pop(key, None)
    elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
        st.query_params[key] = value


def _pick_block(names: list[str], key: str, default: str, lang: str) -> str:
    _forget(key, lambda v: v in names)
    # Bound to the URL: a link opens on the same block; a name the current net lacks is dropped.
    return st.selectbox(t("dg_block_pick", lang), names, index=names.index(default), key=key,
                        bind="query-params")


@st.fragment  # its widgets change only its own drawing: a click reruns just this part
def _blocks(cfg: NetConfig, lang: str) -> None:
    st.subheader(t("dg_block_header", lang))
    st.caption(t("dg_block_caption", lang))
    blocks = analysis(cfg).spec.blocks
    names = [b.name for b in blocks]
    # Default: the first block that changes shape (its shortcut is zero-padding or a projection)
    # beside the block after it (an identity shortcut), the two cases the paper's Fig. 3 shows.
    first = next((i for i, b in enumerate(blocks) if b.stage > 0 and b.downsamples), 0)
    defaults = (names[first], names[min(first + 1, len(names) - 1)])
    for col, key, default in zip(st.columns(2), ("a", "b"), defaults):
        with col:
            block = _pick_block(names, f"diagram_block_{key}", default, lang)
            dot = _block_dot(cfg, block, lang)
            charts.diagram(dot, describe.block_alt(analysis(cfg), block, lang))
            _downloads(dot, f"block_{block}", f"block_{key}", lang)


@st.fragment  # its widgets change only its own drawing: a click reruns just this part
def _compare(lang: str) -> None:
    st.subheader(t("dg_compare_header", lang))
    c1, c2, c3, c4 = st.columns(4)
    # Bound to the URL: a link carries the comparison; a value off the scale is dropped by Streamlit.
    width = c1.select_slider(t("dg_compare_width", lang), WIDTHS, value=256, key="diagram_cmp_width",
                             bind="query-params")
    basic_width = c2.select_slider(t("dg_compare_basic_width", lang), WIDTHS, value=64,
                                   key="diagram_cmp_basic_width", bind="query-params")
    ratio = c3.slider(t("dg_compare_ratio", lang), 1, 16, 4, key="diagram_cmp_ratio", bind="query-params")
    hw = c4.select_slider(t("dg_compare_hw", lang), RESOLUTIONS, value=56, key="diagram_cmp_hw",
                          bind="query-params")
    cmp = diagram.compare_blocks(width, basic_width, ratio, (hw, hw))
    panels = (("bottleneck", width, cmp.bottleneck, t("dg_compare_bottleneck", lang, w=width)),
              ("basic", width, cmp.basic_same_width, t("dg_compare_two", lang, w=width)),
              ("basic", basic_width, cmp.basic, t("dg_compare_basic", lang, w=basic_width)))
    for col, (kind, w, anatomy, title) in zip(st.columns(3), panels):
        with col:
            # Numbers first so the three panels line up whatever the height of each drawing.
            st.markdown(f"**{title}**")
            # Stacked, not side by side: MACs run to ten digits and a half-column truncates them.
            st.metric(t("dg_weights", lang), f"{anatomy.weights:,}")
            st.caption(diagram.weight_formula(anatomy))
            st.metric(t("dg_macs_at", lang, h=hw, w=hw), f"{anatomy.macs:,}")
            charts.diagram(_anatomy_dot(kind, w, ratio, hw, lang), describe.anatomy_alt(anatomy, lang))
    st.markdown(t("dg_saving", lang, w=width, ratio=cmp.saving, big=cmp.basic_same_width.weights,
                  small=cmp.bottleneck.weights, bw=basic_width, basic=cmp.basic.weights))


@st.fragment  # its widgets change only its own drawing: a click reruns just this part
def _network(cfg: NetConfig, lang: str) -> None:
    st.subheader(t("dg_net_header", lang))
    st.caption(t("dg_net_caption", lang))
    spec = analysis(cfg).spec
    sizes = {s.name: len(s.blocks) for s in spec.stages}
    papers = {s.name: s.paper_name for s in spec.stages}
    c1, c2 = st.columns([3, 2])
    # Synced with the link by hand, as is the colouring below (see _from_link).
    _from_link("diagram_expand", list(sizes), [], many=True)
    expanded = c1.multiselect(t("dg_expand", lang), list(sizes), key="diagram_expand",
                              format_func=lambda s: f"{s} ({papers[s]}, {sizes[s]})",
                              placeholder=t("dg_expand_placeholder", lang))
    _to_link("diagram_expand", expanded, [])
    # Only norms measured on this very network: after a change in the sidebar they would mislead.
    grads = measured_grad_norms(cfg)
    metrics = ["none", "params", "macs"] + (["values"] if grads else [])
    labels = {"none": t("dg_metric_none", lang), "params": t("dg_metric_params", lang),
              "macs": t("dg_metric_macs", lang), "values": t("dg_metric_grad", lang)}
    _from_link("diagram_metric", metrics, "params")
    metric = c2.radio(t("dg_metric", lang), metrics, key="diagram_metric", horizontal=True,
                      format_func=labels.__getitem__)
    _to_link("diagram_metric", metric, "params")
    n = sum(sizes[s] for s in expanded)
    if n > MAX_EXPANDED:
        st.warning(t("dg_big_expand", lang, n=n))
    values = tuple(sorted((str(k), float(v)) for k, v in grads.items())) if metric == "values" else ()
    dot = _net_dot(cfg, tuple(sorted(expanded)), metric, values, t("dg_grad_title", lang), lang)
    alt = describe.net_alt(analysis(cfg), expanded, metric, dict(values), t("dg_grad_title", lang), lang)
    charts.diagram(dot, alt)
    _downloads(dot, f"resnet{spec.depth}", "net", lang)
