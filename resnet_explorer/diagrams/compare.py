"""Pure: the basic and bottleneck blocks side by side, with the weight arithmetic of He et al. 2015.

Section 4.1 and Fig. 5: a 256-d bottleneck (1x1 256->64, 3x3 64->64, 1x1 64->256) has 69,632 conv
weights, where two 3x3 convs at 256-d would have 1,179,648 (16.9x as many), and about as many as
the 64-d basic block of ResNet-34 (73,728). The numbers come from `anatomy.block_anatomy`.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from .. import formatting as fmt
from ..anatomy import BlockAnatomy, block_anatomy
from ..config import Block
from ..i18n import t
from ..spec import OpKind, ShortcutKind
from .style import OP_FILL, add_node, main_edge, new_graph, shortcut_edge


@dataclass(frozen=True)
class Comparison:
    bottleneck: BlockAnatomy  # at `width`, reducing by `ratio` inside
    basic_same_width: BlockAnatomy  # two 3x3 convs at the same width: what the bottleneck avoids
    basic: BlockAnatomy  # the like-for-like basic block (64-d in the paper)
    ratio: int

    @property
    def saving(self) -> float:
        """How many times more weights two 3x3 convs at the bottleneck's width would need."""
        return self.basic_same_width.weights / self.bottleneck.weights


def compare_blocks(width: int = 256, basic_width: int = 64, ratio: int = 4,
                   hw: tuple[int, int] = (56, 56)) -> Comparison:
    """The paper's comparison at any widths, bottleneck ratio and resolution (MACs = weights × H × W)."""
    return Comparison(block_anatomy(Block.BOTTLENECK, width, ratio, hw=hw),
                      block_anatomy(Block.BASIC, width, hw=hw),
                      block_anatomy(Block.BASIC, basic_width, hw=hw), ratio)


def weight_formula(anatomy: BlockAnatomy) -> str:
    """'1×1×256×64 + 3×3×64×64 + 1×1×64×256 = 69,632' (formatting's notation)."""
    return fmt.anatomy_formula(anatomy)


def anatomy_diagram(anatomy: BlockAnatomy, lang: str = "en") -> graphviz.Digraph:
    """A block drawn as in the paper's Fig. 5: convs with their weights, ReLUs, the identity
    shortcut and ⊕; edges carry C×H×W at the chosen resolution."""
    h, w = anatomy.hw
    g = new_graph(f"anatomy_{anatomy.block.value}_{anatomy.width}")
    g.attr(ranksep="0.22")
    g.node("input", t("dg_width_in", lang, w=anatomy.width), shape="oval", **{"class": "io"})
    prev, ch = "input", anatomy.width
    for i, conv in enumerate(anatomy.convs, start=1):
        node = f"conv{i}"
        weights = fmt.conv_weights(conv.kernel, conv.in_ch, conv.out_ch, conv.groups)
        g.node(node, f"{fmt.window(conv.kernel)}, {conv.out_ch}\n{weights} = {fmt.num(conv.weights)}",
               fillcolor=OP_FILL[OpKind.CONV], **{"class": "op conv"})
        main_edge(g, prev, node, fmt.shape((ch, h, w)))
        prev, ch = node, conv.out_ch
        if i < len(anatomy.convs):
            relu = f"relu{i}"
            g.node(relu, "ReLU", shape="plaintext", style="", fontsize="9", **{"class": "op relu"})
            main_edge(g, prev, relu, "")
            prev = relu
    add_node(g, "add", t("dg_add_tip", lang))
    main_edge(g, prev, "add", fmt.shape((ch, h, w)))
    shortcut_edge(g, "input", "add", ShortcutKind.IDENTITY, t("dg_shortcut_identity", lang))
    g.node("output", "ReLU", shape="plaintext", style="", fontsize="9", **{"class": "op relu"})
    main_edge(g, "add", "output", fmt.shape((ch, h, w)))
    return g
