"""Pure: two nets side by side, e.g. a teaching article's net against the paper's (params, MACs,
depth, the options that differ and the layers that differ)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .analysis import Analysis, Row, analyze
from .config import Block, NetConfig, Shortcut, StrideAt
from .presets import PRESETS, preset

# An article's net -> the net set beside it, and the i18n key of the title saying what that net is:
# the paper's ResNet-20 for the article's "ResNet20"; for the "simplified ResNet" the same net without
# the conv biases Keras adds (the paper has no net of three basic blocks a stage).
ARTICLE_NETS = {
    "article_resnet20": ("resnet20", "vs_paper_net"),
    "simplified_resnet": ("simplified_resnet/no-bias", "vs_no_bias"),
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


def versus(a: Analysis, b: Analysis, names: tuple[str, str] = ("left", "right")) -> Versus:
    """Everything that tells the net of `a` from the net of `b`."""
    sides = tuple(Side(n, x.totals.params, x.totals.macs, x.spec.depth) for n, x in zip(names, (a, b)))
    left, right = a.config, b.config
    options = tuple((f.name, getattr(left, f.name), getattr(right, f.name)) for f in fields(NetConfig)
                    if getattr(left, f.name) != getattr(right, f.name))
    rows_a, rows_b = {r.name: r for r in a.rows}, {r.name: r for r in b.rows}
    order = list(rows_a) + [n for n in rows_b if n not in rows_a]
    layers = tuple(LayerDiff(n, rows_a.get(n), rows_b.get(n)) for n in order
                   if n not in rows_a or n not in rows_b or not _same(rows_a[n], rows_b[n]))
    return Versus(sides[0], sides[1], options, layers)


def paper_counterpart(name: str) -> NetConfig:
    """The net set beside an article's preset (ARTICLE_NETS)."""
    other = ARTICLE_NETS[name][0]
    if other.endswith("/no-bias"):
        return preset(other.removesuffix("/no-bias")).replace(conv_bias=False)
    return preset(other)


def article_vs_paper(name: str) -> Versus:
    """E.g. article_vs_paper("article_resnet20"): 316,778 vs 269,722 params, 22 vs 20 layers."""
    return versus(analyze(preset(name)), analyze(paper_counterpart(name)), (name, ARTICLE_NETS[name][0]))


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


def paper_config(cfg: NetConfig) -> NetConfig:
    """The net whose multiply-adds He et al. 2015's Table 1 prints, for a torchvision ImageNet net:
    a bottleneck net with its stride on the first 1x1 (v1: the figures match it, as do the released
    models); a basic net without projection shortcuts (zero-padding, option A, which counts as the
    plain net): 3.644 x 10^9 for the 34-layer net, printed 3.6, where torchvision's projections
    make 3.664."""
    if cfg.block is Block.BOTTLENECK:
        return cfg.replace(stride_at=StrideAt.V1)
    return cfg.replace(shortcut=Shortcut.A)


def published_checks(name: str, a: Analysis) -> tuple[PublishedCheck, ...]:
    """The printed figures of preset `name` beside ours, `a` being the preset's analysis. E.g.
    resnet50: the paper's Table 1 prints 3.8 x 10^9; torchvision's net has 4.089, the paper's 3.858.
    CIFAR nets: Table 6's params in millions."""
    p = PRESETS[name]
    checks = []
    if p.paper_gmacs is not None:
        digits = _decimals(p.paper_gmacs)
        ours = a.totals.macs / 1e9
        paper_net = analyze(paper_config(p.config)).totals.macs / 1e9
        values = {"ours": f"{ours:.3f}", "paper_net": f"{paper_net:.3f}", "printed": p.paper_gmacs,
                  "digits": digits, "rounded": round(paper_net, digits)}
        checks.append(PublishedCheck("gmacs", p.paper_gmacs, paper_net, paper_net - p.paper_gmacs, p.cause,
                                     values))
    if isinstance(p.published_params, float):
        digits = _decimals(p.published_params)
        ours = a.totals.params / 1e6
        checks.append(PublishedCheck("params", p.published_params, ours, ours - p.published_params,
                                     p.cause, {"ours": f"{ours:.3f}", "digits": digits}))
    return tuple(checks)
