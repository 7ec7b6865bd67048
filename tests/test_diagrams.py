"""The diagrams are checked against the spec and the layer table: the DOT text is parsed back into
nodes and edges and every fact (additions, shortcut kinds, shapes, formulas) compared with rows."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from resnet_explorer import diagrams as diagram
from resnet_explorer.analysis import Analysis, analyze
from resnet_explorer.config import Block, NetConfig, Shortcut, Stem
from resnet_explorer.diagrams.network import net_diagram
from resnet_explorer.diagrams.style import METRIC_PALETTE, SHORTCUT_STYLE
from resnet_explorer.presets import PRESETS, preset
from resnet_explorer.spec import OpKind, ShortcutKind

_ID = r'"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*'
_STMT = re.compile(rf'^\t+({_ID})(?: -> ({_ID}))?(?: \[((?:[^"\]]|"(?:[^"\\]|\\.)*")*)\])?$', re.M)
_ATTR = re.compile(r'([\w]+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')
_SHAPE = re.compile(r"\d+×\d+×\d+")

NO_DOT = "Graphviz `dot` is not installed (apt-get install graphviz)"


def _unquote(s: str) -> str:
    return s[1:-1].replace('\\"', '"') if s.startswith('"') else s


def parse(source: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """(nodes {id: attrs}, edges [(src, dst, attrs)]) of a DOT text as the graphviz package writes it."""
    nodes: dict[str, dict[str, str]] = {}
    edges = []
    for src, dst, attrs in _STMT.findall(source):
        src = _unquote(src)
        parsed = {k: _unquote(v) for k, v in _ATTR.findall(attrs)}
        if dst:
            edges.append((src, _unquote(dst), parsed))
        elif src not in ("graph", "node", "edge"):
            nodes.setdefault(src, {}).update(parsed)
    return nodes, edges


def _classes(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


def _with_class(nodes: dict, cls: str) -> dict:
    return {k: v for k, v in nodes.items() if cls in _classes(v)}


def _all_expanded(a: Analysis):
    return net_diagram(a, expanded={s.name for s in a.spec.stages})


def _shape(s: tuple[int, ...]) -> str:
    return "×".join(map(str, s))


NETS = ["resnet18", "resnet50", "resnet56", "resnext50_32x4d", "preact_resnet110", "preact_resnet164",
        "plain20", "plain34"]


@pytest.mark.parametrize("name", NETS)
def test_expanded_view_has_one_addition_per_residual_block(name: str) -> None:
    a = analyze(preset(name))
    nodes, _ = parse(_all_expanded(a).source)
    adds = set(_with_class(nodes, "add"))
    table_adds = {r.name for r in a.rows if r.kind is OpKind.ADD}
    assert adds == table_adds
    assert len(adds) == sum(b.is_residual for b in a.spec.blocks)


def test_addition_counts_known_nets() -> None:
    """ResNet-50 has 3+4+6+3 residual blocks; the plain twins have none."""
    def adds(name: str) -> int:
        return len(_with_class(parse(_all_expanded(analyze(preset(name))).source)[0], "add"))
    assert adds("resnet50") == 16
    assert adds("resnet56") == 27
    assert adds("plain34") == adds("plain20") == 0


@pytest.mark.parametrize("name", ["plain20", "plain34"])
def test_plain_twin_shows_each_missing_shortcut(name: str) -> None:
    a = analyze(preset(name))
    nodes, _ = parse(_all_expanded(a).source)
    assert len(_with_class(nodes, "note")) == len(a.spec.blocks)
    block_nodes, _ = parse(diagram.block_diagram(a, "layer2.0").source)
    assert not _with_class(block_nodes, "add") and _with_class(block_nodes, "note")


def _shape_changes(a: Analysis) -> set[str]:
    """Blocks whose output shape differs from their input shape, read off the layer table."""
    first_in, last_out = {}, {}
    for r in a.rows:
        if r.block:
            first_in.setdefault(r.block, r.in_shape)
            last_out[r.block] = r.out_shape
    return {b for b in first_in if first_in[b] != last_out[b]}


CONFIGS = [
    NetConfig(block=Block.BASIC, stages=(2, 2, 2, 2)),
    NetConfig(block=Block.BOTTLENECK, stages=(3, 4, 6, 3)),
    NetConfig(stem=Stem.CIFAR, stages=(3, 3, 3), input_size=(32, 32), num_classes=10),
    NetConfig(stem=Stem.CIFAR, stages=(2, 2, 2), input_size=(32, 32), preact=True),
]


@pytest.mark.parametrize("base", CONFIGS)
@pytest.mark.parametrize("option", [Shortcut.A, Shortcut.B, Shortcut.C])
def test_projections_exactly_where_the_option_puts_them(base: NetConfig, option: Shortcut) -> None:
    a = analyze(base.replace(shortcut=option))
    changes = _shape_changes(a)
    every = {b.name for b in a.spec.blocks}
    expected = {Shortcut.A: set(), Shortcut.B: changes, Shortcut.C: every}[option]
    for graph in (_all_expanded(a), *(diagram.block_diagram(a, b) for b in sorted(every))):
        nodes, edges = parse(graph.source)
        proj_blocks = {k.split(".downsample")[0] for k in _with_class(nodes, "projection")}
        pad_blocks = {k.rsplit(".", 1)[0] for k in _with_class(nodes, "zero_pad")}
        drawn = {k.rsplit(".", 1)[0] for k in _with_class(nodes, "add")}
        assert proj_blocks == expected & drawn
        assert pad_blocks == (changes if option is Shortcut.A else set()) & drawn
        dotted = {e[1] for e in edges if "projection" in _classes(e[2])}
        assert all(e[2]["style"] == "dotted" for e in edges if "projection" in _classes(e[2]))
        assert {d for d in dotted if d.endswith(".add")} == {f"{b}.add" for b in expected & drawn}


@pytest.mark.parametrize("option", [Shortcut.A, Shortcut.B, Shortcut.C])
def test_every_shortcut_is_drawn_in_the_style_tables_line(option: Shortcut) -> None:
    """Identity solid and projections dotted as the paper's Fig. 3 draws them, zero-padding dashed:
    nodes, edges and the legend alike, folded, expanded and block by block."""
    assert SHORTCUT_STYLE[ShortcutKind.IDENTITY] == "solid"
    assert SHORTCUT_STYLE[ShortcutKind.PROJECTION] == "dotted"
    a = analyze(CONFIGS[2].replace(shortcut=option))
    graphs = [net_diagram(a), _all_expanded(a), *(diagram.block_diagram(a, b.name) for b in a.spec.blocks)]
    seen = set()
    for graph in graphs:
        nodes, edges = parse(graph.source)
        for attrs in [*nodes.values(), *(e[2] for e in edges)]:
            classes = _classes(attrs)
            if "shortcut" in classes:
                kind = next(k for k in ShortcutKind if k.value in classes)
                assert attrs["style"].split(",")[-1] == SHORTCUT_STYLE[kind], attrs
                seen.add(kind)
        for src, _, attrs in edges:
            if "legend" in _classes(attrs) and src.endswith("_a"):
                kind = ShortcutKind(src.removeprefix("legend_").removesuffix("_a"))
                assert attrs["style"] == SHORTCUT_STYLE[kind]
    assert seen == ({ShortcutKind.IDENTITY, ShortcutKind.ZERO_PAD} if option is Shortcut.A
                    else {ShortcutKind.IDENTITY, ShortcutKind.PROJECTION} if option is Shortcut.B
                    else {ShortcutKind.PROJECTION})


def _check_edge_shapes(graph, a: Analysis, input_shape: tuple[int, ...], check_dst: bool) -> int:
    rows = {r.name: r for r in a.rows}
    _, edges = parse(graph.source)
    checked = 0
    for src, dst, attrs in edges:
        classes = _classes(attrs)
        if not classes & {"main", "shortcut"} or not attrs.get("label"):
            continue
        shapes = _SHAPE.findall(attrs["label"])
        assert len(shapes) == 1, (src, dst, attrs["label"])
        expected = input_shape if src == "input" else rows[src].out_shape
        assert shapes[0] == _shape(expected), (src, dst)
        if check_dst and dst in rows:
            assert shapes[0] == _shape(rows[dst].in_shape), (src, dst)
        checked += 1
    return checked


@pytest.mark.parametrize("name", NETS + ["resnet152", "resnet1202"])
def test_every_edge_shape_is_the_layer_tables(name: str) -> None:
    a = analyze(preset(name))
    assert _check_edge_shapes(net_diagram(a), a, a.input_shape, check_dst=False) > 5
    if len(a.spec.blocks) < 60:
        assert _check_edge_shapes(_all_expanded(a), a, a.input_shape, check_dst=False) > 5
    picks = {a.spec.blocks[0].name, a.spec.blocks[-1].name} | {s.blocks[0].name for s in a.spec.stages}
    for block in picks:
        first = next(r for r in a.rows if r.block == block)
        n = _check_edge_shapes(diagram.block_diagram(a, block), a, first.in_shape, check_dst=True)
        assert n >= len([r for r in a.rows if r.block == block])


@pytest.mark.parametrize("name", ["resnet50", "resnext50_32x4d", "preact_resnet164"])
def test_each_conv_shows_its_parameter_formula(name: str) -> None:
    a = analyze(preset(name))
    nodes, _ = parse(diagram.block_diagram(a, "layer2.0").source)
    convs = [r for r in a.rows if r.block == "layer2.0" and r.kind is OpKind.CONV]
    for r in convs:
        label = nodes[r.name]["label"]
        k, c_in, c_out = r.kernel, r.in_shape[0], r.out_shape[0]
        assert f"{k}×{k}×{c_in // r.groups}×{c_out} = {k * k * (c_in // r.groups) * c_out:,}" in label


@pytest.mark.parametrize("name", list(PRESETS))
def test_folded_networks_stay_small(name: str) -> None:
    nodes, _ = parse(net_diagram(analyze(preset(name))).source)
    assert len(nodes) < 60


def test_folded_resnet1202_and_resnet152_keep_their_shortcuts() -> None:
    for name in ("resnet152", "resnet1202"):
        a = analyze(preset(name))
        nodes, edges = parse(net_diagram(a).source)
        assert len(nodes) < 60
        adds = _with_class(nodes, "add")
        # every run of blocks keeps one ⊕ and the shortcut edge into it
        assert len(adds) >= len(a.spec.stages)
        into = {e[1] for e in edges if "shortcut" in _classes(e[2])}
        assert set(adds) <= into
        down = {b.name for b in a.spec.blocks if b.downsamples}
        marked = {k for k, v in nodes.items() if v.get("penwidth") and "block" in _classes(v)}
        assert {k.rsplit(".", 1)[0] for k in marked} == down


def test_colour_follows_params_from_the_layer_table() -> None:
    a = analyze(preset("resnet18"))
    every = {s.name for s in a.spec.stages}
    nodes, _ = parse(net_diagram(a, expanded=every, metric="params").source)
    params: dict[str, int] = {}
    for r in a.rows:
        if r.block:
            params[r.block] = params.get(r.block, 0) + r.params
    biggest = max(params, key=params.get)
    smallest = min(params, key=params.get)
    by_block = {k.rsplit(".", 1)[0]: v for k, v in _with_class(nodes, "block").items()}
    assert by_block[biggest]["fillcolor"] == METRIC_PALETTE[-1]
    assert by_block[smallest]["fillcolor"] == METRIC_PALETTE[0]
    assert f"{params[smallest]:,}" in by_block[smallest]["label"]


def test_colour_by_a_callers_values_per_block() -> None:
    a = analyze(preset("resnet18"))
    values = {b.name: float(i) for i, b in enumerate(a.spec.blocks)}
    nodes, _ = parse(net_diagram(a, expanded={"layer1", "layer2", "layer3", "layer4"}, metric="values",
                                 values=values, values_title="grad norm").source)
    by_block = {k.rsplit(".", 1)[0]: v for k, v in _with_class(nodes, "block").items()}
    assert by_block[a.spec.blocks[0].name]["fillcolor"] == METRIC_PALETTE[0]
    assert by_block[a.spec.blocks[-1].name]["fillcolor"] == METRIC_PALETTE[-1]
    assert "grad norm: 7" in by_block[a.spec.blocks[-1].name]["label"]
    assert "metric_legend" in nodes
    with pytest.raises(ValueError):
        net_diagram(a, metric="colour")


def test_compare_numbers_match_the_paper_and_the_layer_table() -> None:
    cmp = diagram.compare_blocks(256, 64, 4, (56, 56))
    weights = (cmp.bottleneck.weights, cmp.basic_same_width.weights, cmp.basic.weights)
    assert weights == (69_632, 1_179_648, 73_728)
    assert round(cmp.saving, 1) == 16.9
    # The same blocks inside real nets: ResNet-50's layer1.1 is a 256-d bottleneck, ResNet-34's a 64-d basic.
    conv_weights = {name: sum(r.params for r in analyze(preset(name)).rows
                              if r.block == "layer1.1" and r.kind is OpKind.CONV)
                    for name in ("resnet50", "resnet34")}
    assert conv_weights == {"resnet50": cmp.bottleneck.weights, "resnet34": cmp.basic.weights}
    assert cmp.bottleneck.macs == 69_632 * 56 * 56
    assert diagram.weight_formula(cmp.bottleneck).endswith("= 69,632")


def test_dot_export_needs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    g = diagram.block_diagram(analyze(preset("resnet50")), "layer2.0")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert not diagram.can_render()
    assert diagram.export(g, "dot").decode() == g.source
    with pytest.raises(RuntimeError, match="apt-get install graphviz"):
        diagram.export(g, "svg")


@pytest.mark.skipif(shutil.which("dot") is None, reason=NO_DOT)
@pytest.mark.parametrize("name", ["resnet50", "resnet1202"])
def test_svg_export_is_valid_and_has_the_addition(name: str) -> None:
    a = analyze(preset(name))
    for g in (diagram.block_diagram(a, "layer2.0"), net_diagram(a)):
        root = ET.fromstring(diagram.export(g, "svg"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        groups = root.iter("{http://www.w3.org/2000/svg}g")
        adds = [el for el in groups if "add" in el.get("class", "").split()]
        assert adds and any("⊕" in "".join(el.itertext()) for el in adds)
    assert diagram.export(net_diagram(a), "png").startswith(b"\x89PNG")
