"""Numbers -> text, for the CLI, the exports, the diagrams and the app: the one place a count, a
shape or a formula is written out (k×k×in×out for a conv's weights, C×H×W for a tensor).
Nothing is computed here, only written out."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .analysis import Row, StageRow
from .spec import OpKind

if TYPE_CHECKING:
    from .anatomy import BlockAnatomy


def num(n: int) -> str:
    """36864 -> '36,864'."""
    return f"{n:,}"


def short(n: float, unit: str = "") -> str:
    """11689512 -> '11.69M' (SI prefixes, three significant decimals for G)."""
    for size, prefix, digits in ((1e18, "E", 3), (1e15, "P", 3), (1e12, "T", 3), (1e9, "G", 3),
                                 (1e6, "M", 2), (1e3, "k", 1)):
        if abs(n) >= size:
            return f"{n / size:.{digits}f}{prefix}{unit}"
    return f"{n:g}{unit}"


def count_text(n: float) -> str:
    """Compact number for a diagram label: counts stay exact below a million (69,632), then 4.46M,
    1.2G; fractions (a legend's bounds, gradient norms) get three significant digits (863k, 0.0123)."""
    if abs(n) >= 1e9:
        return f"{n / 1e9:.3g}G"
    if abs(n) >= 1e6:
        return f"{n / 1e6:.3g}M"
    if float(n).is_integer():
        return f"{int(n):,}"
    if abs(n) >= 1e3:
        return f"{n / 1e3:.3g}k"
    return f"{n:.3g}"


def shape(s: tuple[int, ...]) -> str:
    """(64, 56, 56) -> '64×56×56'; also a conv's weights (3, 3, 64, 64) -> '3×3×64×64'."""
    return "×".join(str(d) for d in s)


def window(kernel: int) -> str:
    """A square kernel: 3 -> '3×3'."""
    return f"{kernel}×{kernel}"


def conv_weights(kernel: int, in_ch: int, out_ch: int, groups: int = 1) -> str:
    """A conv's weight count as a product: '3×3×64×64' (in/groups for a grouped conv)."""
    return shape((kernel, kernel, in_ch // groups, out_ch))


def anatomy_formula(anatomy: BlockAnatomy) -> str:
    """'1×1×256×64 + 3×3×64×64 + 1×1×64×256 = 69,632': each conv's weights, then the sum."""
    terms = [conv_weights(c.kernel, c.in_ch, c.out_ch, c.groups) for c in anatomy.convs]
    return f"{' + '.join(terms)} = {num(anatomy.weights)}"


def params_formula(row: Row) -> str:
    """'3×3×64×64 = 36,864' for a conv (in/groups for grouped convs), '512×1000 + 1000 = 513,000'
    for the fc, '2×64 = 128' for BatchNorm (gamma and beta); '' for layers without parameters."""
    if row.kind is OpKind.CONV:
        return f"{shape(row.weight_shape)} = {num(row.params)}"
    if row.kind is OpKind.FC:
        i, o = row.weight_shape
        return f"{i}×{o} + {o} = {num(row.params)}"
    if row.kind is OpKind.BN:
        return f"2×{row.out_shape[0]} = {num(row.params)}"
    return ""


def macs_formula(row: Row) -> str:
    """'56×56 × 36,864 = 115,605,504': output positions times weights, for one image."""
    if row.kind is OpKind.CONV:
        _, h, w = row.out_shape
        return f"{h}×{w} × {num(row.params)} = {num(row.macs)}"
    if row.kind is OpKind.FC:
        return f"{shape(row.weight_shape)} = {num(row.macs)}"
    return ""


def block_text(stage: StageRow, lang: str = "en") -> str:
    """The paper's Table 1 notation: '[3×3, 64; 3×3, 64] × 2'; ResNeXt's 'C=32' on grouped convs;
    the words ('stride', 'max pool', ...) in `lang`."""
    from .i18n import t  # formatting stays importable on its own; only this text has words

    if stage.module == "stem":
        k, c = stage.convs[0]
        return t("t1_stem", lang, k=k, c=c, s=stage.stride)
    if not stage.convs:
        return t("t1_head", lang)
    parts = []
    for k, c in stage.convs:
        grouped = k == 3 and stage.groups > 1
        parts.append(f"{k}×{k}, {c}" + (f", C={stage.groups}" if grouped else ""))
    text = f"[{'; '.join(parts)}] × {stage.blocks}"
    if stage.maxpool:
        k, s = stage.maxpool
        text = t("t1_maxpool", lang, k=k, s=s) + text
    if stage.transition:
        k, c, s = stage.transition
        text = t("t1_transition", lang, k=k, c=c, s=s) + text
    return text


def size(n_bytes: float) -> str:
    """Bytes in binary units: 1536 -> '1.5 KiB'."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n_bytes) < 1024 or unit == "GiB":
            return f"{n_bytes:.0f} {unit}" if unit == "B" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} GiB"


def percent(part: int, whole: int) -> str:
    """Share of a total: 36864 of 11689512 -> '0.32%'; '' where the total is 0."""
    return f"{100 * part / whole:.2f}%" if whole else ""


def value(v: object) -> str:
    """A measured value in a sentence (a loss, a learning rate): three significant digits between
    0.001 and 10,000, else one-digit scientific; ∞ for overflow and — for NaN; others as str."""
    if isinstance(v, float):
        if not math.isfinite(v):
            return "∞" if v > 0 else "—"
        return f"{v:.3g}" if 1e-3 <= abs(v) < 1e4 or v == 0 else f"{v:.0e}"
    return str(v)


def measured(v: float) -> str:
    """A measured value in a chart's summary: three significant digits at any size ('0.0123',
    '1.43e-05', '3.2e+07'); ∞ for overflow and — for NaN."""
    if not math.isfinite(v):
        return "∞" if v > 0 else "—"
    return f"{v:.3g}"


def share(v: float) -> str:
    """A fraction as a percentage with one decimal: 0.9844 -> '98.4%'."""
    return f"{100 * v:.1f}%"
