"""Pure: one sentence under each chart of the uploaded net's inside view (ui/checkpoint_inside.py),
computed from the rows the chart draws, in the reader's language. The response chart's sentence is
lessons/summaries.responses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..formatting import measured
from ..i18n import t

if TYPE_CHECKING:
    from .inside import BlockGamma, LayerWeight


def norms(rows: Sequence[LayerWeight], lang: str) -> str:
    """The smallest and largest RMS weight of the layers drawn, and the fc's."""
    if not rows:
        return ""
    lo, hi = min(rows, key=lambda r: r.rms), max(rows, key=lambda r: r.rms)
    text = t("sm_norms", lang, n=len(rows), lo=measured(lo.rms), lo_layer=lo.name, hi=measured(hi.rms),
             hi_layer=hi.name)
    fc = [r for r in rows if r.kind == "fc"]
    return text + (t("sm_norms_fc", lang, fc=measured(fc[-1].rms), name=fc[-1].name) if fc else "") \
        + t("sm_stop", lang)


def gammas(rows: Sequence[BlockGamma], small: float, lang: str) -> str:
    """The blocks drawn (those whose branch ends in a BN): their mean |gamma|'s range, and how many
    fall below `small`."""
    shown = [r for r in rows if r.last_mean is not None]
    if not shown:
        return ""
    lo, hi = min(shown, key=lambda r: r.last_mean), max(shown, key=lambda r: r.last_mean)
    below = sum(r.last_mean < small for r in shown)
    return t("sm_gamma", lang, m=len(shown), lo=measured(lo.last_mean), lo_block=lo.block,
             hi=measured(hi.last_mean), hi_block=hi.block, n=below, small=small)
