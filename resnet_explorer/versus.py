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


@dataclass(frozen=True)
class PublishedCheck:
    """A preset's printed figure beside ours, in the printed unit, and why they differ."""

    what: str  # "params" (millions) or "gmacs" (10^9 multiply-adds, the paper's "FLOPs")
    printed: float
    ours: float  # our exact count in the printed unit, for the net the figure describes
    delta: float  # ours - printed
    cause: str  # i18n key
    values: dict[str, object]  # the cause's placeholders


def _decimals(x: float) -> int:
    """Decimals as printed; at least one (the sources print 11.0M, 1.8 x 10^9)."""
    return max(1, len(repr(float(x)).split(".")[1]))


def published_checks(name: str) -> tuple[PublishedCheck, ...]:
    """E.g. resnet50: the paper's Table 1 prints 3.8 x 10^9; torchvision's net has 4.089, the paper's
    (stride on the first 1x1) 3.858. CIFAR nets: Table 6's params in millions."""
    from .config import Block, StrideAt
    from .presets import PRESETS

    p = PRESETS[name]
    checks = []
    if p.paper_gmacs is not None:
        digits = _decimals(p.paper_gmacs)
        ours = analyze(p.config).totals.macs / 1e9
        bottleneck = p.config.block is Block.BOTTLENECK
        paper_cfg = p.config.replace(stride_at=StrideAt.V1) if bottleneck else p.config
        paper_net = analyze(paper_cfg).totals.macs / 1e9
        values = {"ours": f"{ours:.3f}", "paper_net": f"{paper_net:.3f}", "printed": p.paper_gmacs,
                  "digits": digits, "rounded": round(paper_net, digits)}
        checks.append(PublishedCheck("gmacs", p.paper_gmacs, paper_net, paper_net - p.paper_gmacs, p.cause,
                                     values))
    if isinstance(p.published_params, float):
        digits = _decimals(p.published_params)
        ours = analyze(p.config).totals.params / 1e6
        checks.append(PublishedCheck("params", p.published_params, ours, ours - p.published_params,
                                     p.cause, {"ours": f"{ours:.3f}", "digits": digits}))
    return tuple(checks)
