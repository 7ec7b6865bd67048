"""Pure: NetSpec -> layer rows, stage rows (the paper's Table 1) and totals. No forward pass.

The counting conventions, stated once, here (`CONVENTIONS`); the CLI, the JSON export and the app
quote them, and tool_counts.py derives every other tool's total from the same rows:
- params  = sum of p.numel() over parameters; BatchNorm running statistics (and its
  num_batches_tracked counter) are buffers, counted apart.
- MACs    = multiply-accumulates of Conv2d and Linear for ONE image; bias additions, BatchNorm,
  ReLU, additions and pooling are not MACs. This equals FlopCounterMode's count / 2.
- FLOPs   = 2 x MACs (FlopCounterMode's convention). torchvision's "GFLOPS" and the paper's
  "FLOPs (multiply-adds)" are MACs in this sense.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .config import NetConfig
from .spec import BlockSpec, NetSpec, Op, OpKind, build_spec

Shape = tuple[int, int, int]  # C, H, W for one image

CONVENTIONS = {
    "params": "sum of parameter numel; BatchNorm running statistics are buffers, counted apart",
    "macs": "Conv2d and Linear multiply-accumulates for one image; bias, BatchNorm, ReLU, "
            "additions and pooling excluded (= FlopCounterMode / 2)",
    "flops": "2 x macs (torch.utils.flop_counter.FlopCounterMode)",
}

PARAMETRIC = (OpKind.CONV, OpKind.BN, OpKind.FC)


@dataclass(frozen=True, slots=True)
class Row:
    name: str  # the built model's module name ("layer1.0.add" for additions, which have none)
    kind: OpKind
    stage: str  # "stem", "layer1", ..., "head"
    block: str  # "layer1.0", or "" outside blocks
    path: str  # "main", "shortcut", or "" outside blocks
    in_shape: Shape
    out_shape: Shape
    kernel: int
    stride: int
    padding: int
    groups: int
    params: int
    buffers: int
    macs: int
    weights: int  # the op's weights (Op.weights): params less any bias; 0 for ops without
    rf: int  # receptive field along the height axis, in input pixels
    jump: int  # input pixels between neighbouring outputs along the height axis

    @property
    def weight_shape(self) -> tuple[int, ...]:
        """(k, k, in/groups, out) for a conv, (in, out) for the fc, () otherwise."""
        if self.kind is OpKind.CONV:
            return (self.kernel, self.kernel, self.in_shape[0] // self.groups, self.out_shape[0])
        if self.kind is OpKind.FC:
            return (self.in_shape[0], self.out_shape[0])
        return ()

    @property
    def elements(self) -> int:
        """Output elements for one image."""
        return math.prod(self.out_shape)


@dataclass(frozen=True)
class StageRow:
    """One row of the paper's Table 1."""

    name: str  # "conv1", "conv2_x", ..., "pool, fc"
    module: str  # "stem", "layer1", ..., "head"
    output_shape: Shape
    blocks: int
    convs: tuple[tuple[int, int], ...]  # (kernel, out channels) of each conv of one block
    groups: int
    params: int
    macs: int
    stride: int = 1  # of the stem conv
    maxpool: tuple[int, int] | None = None  # (kernel, stride) of a max-pool opening the stage
    transition: tuple[int, int, int] | None = None  # (kernel, channels, stride) of a plain conv opening it


@dataclass(frozen=True)
class Totals:
    params: int
    trainable_params: int
    buffers: int
    macs: int
    bn_params: int
    bias_params: int
    bn_elements: int
    relu_elements: int
    add_elements: int
    pool_elements: int  # elements read by the pooling layers
    activation_elements: int  # distinct tensors autograd saves for backward, one image

    @property
    def flops(self) -> int:
        return 2 * self.macs


@dataclass(frozen=True)
class Analysis:
    spec: NetSpec
    rows: tuple[Row, ...]
    stages: tuple[StageRow, ...]
    totals: Totals
    input_shape: Shape

    @property
    def config(self) -> NetConfig:
        return self.spec.config


def _out_hw(h: int, w: int, op: Op) -> tuple[int, int]:
    if op.kind is OpKind.AVGPOOL:
        return 1, 1
    if op.kind in (OpKind.CONV, OpKind.MAXPOOL, OpKind.ZERO_PAD):
        k, s, p = op.kernel, op.stride, op.padding
        return (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    return h, w


def _params(op: Op) -> tuple[int, int]:
    if op.kind is OpKind.CONV:  # weights, and a bias where the conv has one (Keras' default)
        return op.weights + op.bias * op.out_ch, 0
    if op.kind is OpKind.BN:
        return 2 * op.out_ch, 2 * op.out_ch + 1  # running mean, var, num_batches_tracked
    if op.kind is OpKind.FC:
        return op.weights + op.out_ch, 0
    return 0, 0


class _Walker:
    """Runs shapes, receptive field and saved-tensor bookkeeping through the ops in order."""

    def __init__(self, spec: NetSpec):
        cfg = spec.config
        self.rows: list[Row] = []
        self.saved: dict[int, int] = {}  # tensor id -> elements, for the activation estimate
        self.next_id = 1
        h, w = cfg.input_size
        # state: (shape, rf, jump, tensor id)
        self.input = ((cfg.in_channels, h, w), 1, 1, 0)

    def op(self, op: Op, state: tuple, stage: str, block: str = "", path: str = "") -> tuple:
        (c, h, w), rf, jump, tid = state
        oh, ow = _out_hw(h, w, op)
        params, buffers = _params(op)
        out_shape = (op.out_ch, oh, ow)
        # a weight is one multiply-accumulate at each output position; a bias is an addition
        macs = op.weights * oh * ow if op.kind is OpKind.CONV else op.weights
        if op.kind is OpKind.AVGPOOL:
            kernel, rf_out, jump_out = h, rf + (h - 1) * jump, jump * h
        else:
            kernel = op.kernel
            rf_out, jump_out = rf + (op.kernel - 1) * jump, jump * op.stride
        self.rows.append(Row(op.name, op.kind, stage, block, path, (c, h, w), out_shape,
                             kernel, op.stride, op.padding, op.groups, params, buffers, macs,
                             op.weights, rf_out, jump_out))
        out_id = tid if op.kind is OpKind.IDENTITY else self._new_id()
        # What autograd keeps for backward: the input of convs, linears, BN and max-pool, the
        # output of ReLU (plus max-pool's int64 indices, counted as two float32 elements each).
        if op.kind in (OpKind.CONV, OpKind.FC, OpKind.BN, OpKind.MAXPOOL):
            self.saved[tid] = c * h * w
        if op.kind is OpKind.RELU:
            self.saved[out_id] = op.out_ch * oh * ow
        if op.kind is OpKind.MAXPOOL:
            self.saved[-out_id] = 2 * op.out_ch * oh * ow
        return out_shape, rf_out, jump_out, out_id

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def block(self, b: BlockSpec, state: tuple) -> tuple:
        stage = f"layer{b.stage + 1}"
        for op in b.pre:
            state = self.op(op, state, stage, b.name, "main")
        x = state
        for op in b.branch:
            state = self.op(op, state, stage, b.name, "main")
        if b.shortcut:
            short = x
            for op in b.shortcut:
                short = self.op(op, short, stage, b.name, "shortcut")
            shape, rf, jump, _ = state
            rf = max(rf, short[1])
            self.rows.append(Row(f"{b.name}.add", OpKind.ADD, stage, b.name, "main", shape, shape,
                                 0, 1, 0, 1, 0, 0, 0, 0, rf, jump))
            state = (shape, rf, jump, self._new_id())
        for op in b.post:
            state = self.op(op, state, stage, b.name, "main")
        return state


def _stage_row(name: str, module: str, rows: list[Row], blocks: int, convs: tuple, groups: int,
               **extra: object) -> StageRow:
    return StageRow(name, module, rows[-1].out_shape, blocks, convs, groups,
                    sum(r.params for r in rows), sum(r.macs for r in rows), **extra)


def analyze(config: NetConfig) -> Analysis:
    """Every layer of the network with shapes, params, MACs and receptive field, and the totals."""
    spec = build_spec(config)
    walker = _Walker(spec)
    state = walker.input
    stage_rows = []
    for op in spec.stem:
        state = walker.op(op, state, "stem")
    # The paper's Table 1 lists the max-pool at the top of conv2_x, and conv1's output before it.
    pool = next((r for r in walker.rows if r.kind is OpKind.MAXPOOL), None)
    conv1 = walker.rows[:-1] if pool else walker.rows
    stage_rows.append(_stage_row("conv1", "stem", conv1, 1, ((spec.stem[0].kernel, spec.stem[0].out_ch),),
                                 1, stride=spec.stem[0].stride))
    for stage in spec.stages:
        start = len(walker.rows) - (1 if pool and stage is spec.stages[0] else 0)
        for b in stage.blocks:
            state = walker.block(b, state)
        # a stage opened by a plain conv-BN-ReLU (transition="conv"): that layer, then the blocks
        transition = None
        blocks = stage.blocks
        if config.transition == "conv" and stage is not spec.stages[0]:
            conv = blocks[0].branch[0]
            transition, blocks = (conv.kernel, conv.out_ch, conv.stride), blocks[1:]
        convs = tuple((op.kernel, op.out_ch) for op in blocks[0].branch if op.kind is OpKind.CONV)
        opening = (pool.kernel, pool.stride) if pool and stage is spec.stages[0] else None
        stage_rows.append(_stage_row(stage.paper_name, stage.name, walker.rows[start:],
                                     len(blocks), convs, config.groups, maxpool=opening,
                                     transition=transition))
    start = len(walker.rows)
    for op in spec.head:
        state = walker.op(op, state, "head")
    stage_rows.append(_stage_row("pool, fc", "head", walker.rows[start:], 1, (), 1))
    rows = tuple(walker.rows)
    return Analysis(spec, rows, tuple(stage_rows), _totals(rows, walker.saved), walker.input[0])


def _totals(rows: tuple[Row, ...], saved: dict[int, int]) -> Totals:
    by_kind: dict[OpKind, int] = dict.fromkeys(OpKind, 0)
    params_by_kind = dict.fromkeys(OpKind, 0)
    for r in rows:
        by_kind[r.kind] += r.elements
        params_by_kind[r.kind] += r.params
    params = sum(params_by_kind.values())
    fc_bias = sum(r.out_shape[0] for r in rows if r.kind is OpKind.FC)
    pool_in = sum(math.prod(r.in_shape) for r in rows if r.kind in (OpKind.MAXPOOL, OpKind.AVGPOOL))
    return Totals(
        params=params,
        trainable_params=params,
        buffers=sum(r.buffers for r in rows),
        macs=sum(r.macs for r in rows),
        bn_params=params_by_kind[OpKind.BN],
        bias_params=fc_bias,
        bn_elements=by_kind[OpKind.BN],
        relu_elements=by_kind[OpKind.RELU],
        add_elements=by_kind[OpKind.ADD],
        pool_elements=pool_in,
        activation_elements=sum(saved.values()),
    )


@dataclass(frozen=True)
class MemoryEstimate:
    """Training memory at a batch size, float32, in bytes."""

    batch_size: int
    weights: int
    gradients: int
    sgd_momentum_state: int  # one momentum buffer a parameter
    adam_state: int  # two moment buffers a parameter
    activations: int  # tensors autograd saves for backward, the whole batch

    def total(self, optimizer: str = "sgd") -> int:
        state = self.adam_state if optimizer == "adam" else self.sgd_momentum_state
        return self.weights + self.gradients + state + self.activations


def memory_estimate(totals: Totals, batch_size: int, bytes_per_value: int = 4) -> MemoryEstimate:
    p = totals.params * bytes_per_value
    return MemoryEstimate(batch_size, p, p, p, 2 * p,
                          totals.activation_elements * batch_size * bytes_per_value)
