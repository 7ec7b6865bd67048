"""Pure: the conv weights of one block at a given width, the paper's like-for-like comparison.

He et al. 2015, section 4.1 and Fig. 5: a bottleneck block at 256-d (1x1 256->64, 3x3 64->64,
1x1 64->256) has 69,632 conv weights; two plain 3x3 convs at 256-d would have 1,179,648; the
64-d basic block it replaces in ResNet-34 has 73,728. Weights only: BatchNorm adds 2C a conv.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Block
from .spec import Op, OpKind


def _conv(name: str, kernel: int, in_ch: int, out_ch: int, groups: int = 1) -> Op:
    """A stride-1 conv as the spec writes it, so its weights are counted by `Op.weights`."""
    return Op(name, OpKind.CONV, in_ch, out_ch, kernel, 1, kernel // 2, groups)


@dataclass(frozen=True)
class BlockAnatomy:
    block: Block
    width: int  # channels in and out of the block ("256-d")
    convs: tuple[Op, ...]
    hw: tuple[int, int]  # spatial size the block runs at (stride 1)

    @property
    def weights(self) -> int:
        return sum(c.weights for c in self.convs)

    @property
    def macs(self) -> int:
        return self.weights * self.hw[0] * self.hw[1]


def block_anatomy(block: Block | str, width: int, ratio: int = 4, groups: int = 1,
                  hw: tuple[int, int] = (56, 56)) -> BlockAnatomy:
    """Conv weights of a `width`-d block: basic = two 3x3 convs at `width`; bottleneck =
    1x1 reduce to width/ratio, 3x3 (optionally grouped), 1x1 expand back to `width`."""
    block = Block(block)
    if block is Block.BASIC:
        convs = (_conv("conv1", 3, width, width), _conv("conv2", 3, width, width))
    else:
        inner = max(1, width // ratio)
        if inner % groups:
            raise ValueError(f"groups={groups} must divide the inner width {inner}")
        convs = (_conv("conv1", 1, width, inner), _conv("conv2", 3, inner, inner, groups),
                 _conv("conv3", 1, inner, width))
    return BlockAnatomy(block, width, convs, hw)
