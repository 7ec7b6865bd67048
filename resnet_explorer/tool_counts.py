"""Pure: the total each popular counting tool would report for a net, from the layer rows alone.

Tools disagree because each counts a different set of operations, not because one is wrong. Each
function below restates one tool's documented (and read-in-its-source) rule over the rows of
`analysis.analyze`, per op kind, so it holds for any net the config can describe. The tests run
the real tools on the built model and check these numbers equal theirs exactly.

Our own convention (MACs, FLOPs = 2 x MACs) is stated once, in analysis.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .analysis import Analysis, Row
from .spec import OpKind


@dataclass(frozen=True)
class OpSums:
    """Per-kind element and operation totals for one image (what the tools' rules are written in)."""

    conv_macs: int
    conv_bias: int  # output elements of the convs that have a bias: one addition each
    fc_macs: int
    fc_bias: int
    bn_elements: int  # BatchNorm input elements (= its output elements)
    bn_params: int  # gamma and beta
    relu_elements: int
    maxpool_in: int
    avgpool_in: int
    avgpool_out: int


def op_sums(a: Analysis) -> OpSums:
    """Sum the rows by kind. A conv's or fc's bias is whatever its params hold beyond its weights,
    so a net with conv biases is counted without a special case."""
    def total(kind: OpKind, value: Callable[[Row], int]) -> int:
        return sum(value(r) for r in a.rows if r.kind is kind)

    return OpSums(
        conv_macs=total(OpKind.CONV, lambda r: r.macs),
        conv_bias=total(OpKind.CONV, lambda r: r.elements if r.params > r.weights else 0),
        fc_macs=total(OpKind.FC, lambda r: r.macs),
        fc_bias=total(OpKind.FC, lambda r: r.params - r.weights),
        bn_elements=total(OpKind.BN, lambda r: r.elements),
        bn_params=total(OpKind.BN, lambda r: r.params),
        relu_elements=total(OpKind.RELU, lambda r: r.elements),
        maxpool_in=total(OpKind.MAXPOOL, lambda r: math.prod(r.in_shape)),
        avgpool_in=total(OpKind.AVGPOOL, lambda r: math.prod(r.in_shape)),
        avgpool_out=total(OpKind.AVGPOOL, lambda r: r.elements),
    )


@dataclass(frozen=True)
class ToolTotal:
    key: str  # the JSON key of `summary --json`'s tool_totals
    tool: str  # the tool and version whose rule this is
    call: str  # what to run to see the same number
    value: int
    reason: str  # i18n key of the one-line reason ("tool_reason_<key>")


def _rules(s: OpSums, macs: int) -> tuple[tuple[str, str, str, int], ...]:
    """(key, tool, call, total). Zero-padding shortcuts (option A), identity shortcuts and the
    residual additions are counted by none of these tools: fvcore and ptflops' aten backend see
    `x + y` and `F.pad` among the traced ops and skip them (fvcore lists aten::add as unsupported and
    ignores aten::constant_pad_nd), the others never see them."""
    pools = s.maxpool_in + s.avgpool_in
    return (
        ("paper", "He et al. 2015, Table 1", "FLOPs (multiply-adds)", macs),
        ("torchvision", "torchvision 0.28", "weights.meta['_ops'] (GFLOPS)", macs),
        ("flop_counter", "torch 2.13", "FlopCounterMode().get_total_flops()", 2 * macs),
        ("fvcore", "fvcore 0.1.5", "FlopCountAnalysis(model.eval(), x).total()",
         s.conv_macs + s.fc_macs + 2 * s.bn_elements + s.avgpool_in),
        ("fvcore_train", "fvcore 0.1.5", "FlopCountAnalysis(model.train(), x).total()",
         s.conv_macs + s.fc_macs + 5 * s.bn_elements + s.avgpool_in),
        ("ptflops", "ptflops 0.7.5", "get_model_complexity_info(model, (c, h, w))",
         macs + s.conv_bias + s.fc_bias + 2 * s.bn_elements + 2 * (s.relu_elements + pools)),
        ("ptflops_modules", "ptflops 0.7.5", "... backend_specific_config={'count_functional': False}",
         macs + s.conv_bias + s.fc_bias + 2 * s.bn_elements + s.relu_elements + pools),
        ("ptflops_aten", "ptflops 0.7.5", "... backend='aten'", macs + s.conv_bias + s.fc_bias),
        ("thop", "thop 0.1.1", "thop.profile(model, inputs=(x,))",
         macs + 4 * s.bn_elements + s.avgpool_in + s.avgpool_out),
        ("calflops_flops", "calflops 0.3.2", "calculate_flops(model, input_shape) (FLOPs)",
         2 * macs + s.conv_bias + 2 * s.bn_elements + s.relu_elements + pools),
        ("calflops_macs", "calflops 0.3.2", "calculate_flops(model, input_shape) (MACs)", macs),
        ("torchinfo", "torchinfo 1.8.0", "summary(model, input_size).total_mult_adds",
         macs + s.conv_bias + s.fc_bias + s.bn_params),
    )


def tool_table(a: Analysis) -> tuple[ToolTotal, ...]:
    """Every tool's total for this net, batch 1, in the order the app shows them."""
    return tuple(ToolTotal(key, tool, call, value, f"tool_reason_{key}")
                 for key, tool, call, value in _rules(op_sums(a), a.totals.macs))


def tool_totals(a: Analysis) -> dict[str, int]:
    """{key: total} for `summary --json`."""
    return {row.key: row.value for row in tool_table(a)}
