"""Numbers -> text, for the CLI and the app. Nothing is computed here, only written out."""

from __future__ import annotations

from .analysis import Row, StageRow
from .spec import OpKind


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


def shape(s: tuple[int, ...]) -> str:
    """(64, 56, 56) -> '64×56×56'."""
    return "×".join(str(d) for d in s)


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


def block_text(stage: StageRow) -> str:
    """The paper's Table 1 notation: '[3×3, 64; 3×3, 64] × 2'; ResNeXt's 'C=32' on grouped convs."""
    if stage.module == "stem":
        k, c = stage.convs[0]
        return f"{k}×{k}, {c}, stride {stage.stride}"
    if not stage.convs:
        return "global average pool, fc"
    parts = []
    for k, c in stage.convs:
        grouped = k == 3 and stage.groups > 1
        parts.append(f"{k}×{k}, {c}" + (f", C={stage.groups}" if grouped else ""))
    text = f"[{'; '.join(parts)}] × {stage.blocks}"
    if stage.maxpool:
        k, s = stage.maxpool
        text = f"{k}×{k} max pool, stride {s}; {text}"
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
