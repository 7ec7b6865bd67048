"""Pure: two nets side by side, e.g. a teaching article's net against the paper's (params, MACs,
depth, the options that differ and the layers that differ)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .analysis import Row, analyze
from .config import NetConfig
from .presets import preset
from .spec import build_spec

# An article's net -> the paper's net it stands for (the same architecture as the paper builds it).
ARTICLE_NETS = {
    "article_resnet20": "resnet20",
    "simplified_resnet": "simplified_resnet/no-bias",
}


@dataclass(frozen=True)
class Side:
    name: str
    params: int
    macs: int
    depth: int  # weighted layers on the main path


@dataclass(frozen=True)
class LayerDiff:
    name: str  # module name
    left: Row | None  # None: the layer exists only on the right
    right: Row | None


@dataclass(frozen=True)
class Versus:
    left: Side
    right: Side
    options: tuple[tuple[str, object, object], ...]  # (NetConfig field, left value, right value)
    layers: tuple[LayerDiff, ...]


def _same(a: Row, b: Row) -> bool:
    return (a.kind, a.in_shape, a.out_shape, a.stride, a.params) == (b.kind, b.in_shape, b.out_shape,
                                                                     b.stride, b.params)


def versus(left: NetConfig, right: NetConfig, names: tuple[str, str] = ("left", "right")) -> Versus:
    """Everything that tells `left` from `right`."""
    a, b = analyze(left), analyze(right)
    sides = tuple(Side(n, x.totals.params, x.totals.macs, build_spec(c).depth)
                  for n, x, c in ((names[0], a, left), (names[1], b, right)))
    options = tuple((f.name, getattr(left, f.name), getattr(right, f.name)) for f in fields(NetConfig)
                    if getattr(left, f.name) != getattr(right, f.name))
    rows_a, rows_b = {r.name: r for r in a.rows}, {r.name: r for r in b.rows}
    order = list(rows_a) + [n for n in rows_b if n not in rows_a]
    layers = tuple(LayerDiff(n, rows_a.get(n), rows_b.get(n)) for n in order
                   if n not in rows_a or n not in rows_b or not _same(rows_a[n], rows_b[n]))
    return Versus(sides[0], sides[1], options, layers)


def paper_counterpart(name: str) -> NetConfig:
    """The paper's net an article's preset stands for."""
    other = ARTICLE_NETS[name]
    if other.endswith("/no-bias"):
        return preset(other.removesuffix("/no-bias")).replace(conv_bias=False)
    return preset(other)


def article_vs_paper(name: str) -> Versus:
    """E.g. article_vs_paper("article_resnet20"): 316,778 vs 269,722 params, 22 vs 20 layers."""
    return versus(preset(name), paper_counterpart(name), (name, ARTICLE_NETS[name]))
