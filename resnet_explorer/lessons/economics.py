"""Pure: the numbers of the bottleneck lesson (He et al. 2015, section 4.1 and Fig. 5), shared by its
scene in the app (ui/lessons/simple.py) and its static page (pages/lessons.py), so the two say the
same: the question and answer at a block width, the three blocks' conv weights, and the ImageNet
families' parameters and MACs against depth (lessons/figures.scaling draws them)."""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analysis, Totals, analyze
from ..anatomy import BlockAnatomy, block_anatomy
from ..config import NetConfig
from ..i18n import t
from ..presets import PRESETS, name_of
from ..spec import build_spec

FAMILIES = {"basic": ("resnet18", "resnet34"), "bottleneck": ("resnet50", "resnet101", "resnet152")}
WIDTHS = (64, 128, 256, 512, 1024, 2048)
DEFAULT_WIDTH = 256  # the paper's example

Point = tuple[str, int, Totals]  # name, depth, totals


def blocks(width: int) -> tuple[BlockAnatomy, BlockAnatomy, BlockAnatomy]:
    """The bottleneck at `width`, two 3×3 convs at `width`, and the basic block at a quarter of it."""
    return (block_anatomy("bottleneck", width), block_anatomy("basic", width),
            block_anatomy("basic", width // 4))


def question(width: int, lang: str) -> tuple[str, str]:
    """The lesson's question and its answer at a block width."""
    b, wide, small = blocks(width)
    answer = t("ls_bot_a", lang, w=width, q=width // 4, b=f"{b.weights:,}", wide=f"{wide.weights:,}",
               small=f"{small.weights:,}", ratio=wide.weights / b.weights)
    return t("ls_bot_q", lang, w=width), answer


def weights_table(width: int, lang: str) -> dict[str, list[str]]:
    """The table shown with the answer: each block and its conv weights."""
    b, wide, small = blocks(width)
    return {t("ls_net", lang): [t("ls_bot_b", lang, w=width), t("ls_bot_wide", lang, w=width),
                                t("ls_bot_small", lang, q=width // 4)],
            t("ls_bot_weights", lang): [f"{x.weights:,}" for x in (b, wide, small)]}


def scaling_points(cfg: NetConfig, analysis: Callable[[NetConfig], Analysis] = analyze
                   ) -> tuple[dict[str, list[Point]], Point]:
    """The families' (name, depth, totals) and the current network's, for figures.scaling; `analysis`
    may be a cached analyze."""
    families = {family: [(n, build_spec(PRESETS[n].config).depth, analysis(PRESETS[n].config).totals)
                         for n in names] for family, names in FAMILIES.items()}
    current = (name_of(cfg) or "custom", build_spec(cfg).depth, analysis(cfg).totals)
    return families, current
