"""Pure: what a config would cost to show, estimated from its numbers before anything is built.

A class server renders the layer table and the diagrams of whatever a link asks for; their cost
grows with the number of layer rows (ResNet-1202: 4,805 rows, about 0.35 s of CPU for the whole
page on this project's 2-core reference machine). Counts must also stay exact whole numbers in an
int64 table column and in JSON read by a browser: below 2**53.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import NetConfig

MAX_ROWS = 6000  # layer rows; ResNet-1202 (the deepest preset) has 4,805
MAX_COUNT = 2**53  # params, MACs, activation values: exact in int64 and in a JavaScript number


@dataclass(frozen=True)
class Cost:
    rows: int  # layer rows of the table, at most this many
    params: int  # upper bounds of the totals (params with the BN buffers)
    macs: int
    activations: int  # output values of all layers for one image


def _down(size: int, stride: int) -> int:
    """A 3x3/1 padded conv (or 1x1 unpadded) at this stride: ceil(size / stride)."""
    return (size - 1) // stride + 1


def _block(cfg: NetConfig, stage: int, c_in: int, hw: int) -> tuple[int, int, int, int, int]:
    """(rows, conv weights, BN numbers, activations, output channels) of one block (or transition
    layer), bounded above: every conv counted as a 3x3 at the block's widest channel count."""
    out = cfg.out_width(stage)
    widest = max(c_in, cfg.inner_width(stage), out)
    convs = 2 if cfg.block.value == "basic" else 3
    weights = (9 * convs + 1) * widest * widest  # the convs and a projection shortcut
    rows = 3 * convs + 3  # conv, BN, ReLU each (one ReLU after the add); shortcut (2); addition
    bn = (convs + 1) * (5 * widest + 1)  # each BN: 2C weights, 2C+1 buffers; conv biases: C
    return rows, weights, bn, rows * widest * hw, out


def estimate(cfg: NetConfig) -> Cost:
    """Upper bounds of the table's size and totals, in a loop over stages (never over blocks)."""
    h, w = cfg.input_size
    c = cfg.stem_out_channels
    if cfg.stem.value == "imagenet":
        h, w = _down(_down(h, 2), 2), _down(_down(w, 2), 2)
        stem_weights = 49 * cfg.in_channels * c
    else:
        stem_weights = 9 * cfg.in_channels * c
    rows, params = 6, stem_weights + 5 * c + 1  # the stem conv's bias, its BN (2C weights, 2C+1 buffers)
    macs = stem_weights * cfg.input_size[0] * cfg.input_size[1]
    acts = 4 * c * cfg.input_size[0] * cfg.input_size[1]
    for stage, n in enumerate(cfg.stages):
        hw_in = h * w  # the first block's input, larger than its output: an upper bound
        if stage > 0:
            h, w = _down(h, 2), _down(w, 2)
        r1, w1, b1, a1, out = _block(cfg, stage, c, hw_in)
        rn, wn, bn, an, _ = _block(cfg, stage, out, h * w)
        # a transition layer (conv-BN-ReLU) before the blocks: bounded as one more first block
        opening = 2 if stage > 0 and cfg.transition.value == "conv" else 1
        rows += opening * r1 + (n - 1) * rn
        params += opening * (w1 + b1) + (n - 1) * (wn + bn)
        macs += opening * w1 * hw_in + (n - 1) * wn * h * w
        acts += opening * a1 + (n - 1) * an
        c = out
    rows += 4
    params += c * cfg.num_classes + cfg.num_classes + 5 * c + 1  # fc; a pre-activation net's last BN
    macs += c * cfg.num_classes
    return Cost(rows, params, macs, acts)
