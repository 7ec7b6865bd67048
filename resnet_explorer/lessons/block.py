"""The block lesson ("What a residual block computes") without Streamlit: its formula, the blocks of
the shown net it draws, and the line that says which they are. The scene (ui/lessons/simple.py) and
the page (pages/lessons.py) both use these, so they say the same.

The formula is written twice, once as LaTeX for the app (st.latex) and once as plain Unicode text
for the static page, which loads nothing to typeset it; both are here so that they change together.
"""

from __future__ import annotations

from ..analysis import Analysis
from ..diagrams.describe import net_name
from ..i18n import t
from ..spec import BlockSpec, NetSpec

# y = F(x) + x: He et al. 2015, eq. 1; the gradient: He et al. 2016 ("Identity Mappings in Deep Residual
# Networks"), eq. 5 for a single block.
FORMULA_LATEX = (r"y = \mathcal{F}(x) + x, \qquad \frac{\partial L}{\partial x} = "
                 r"\frac{\partial L}{\partial y}\left(1 + \frac{\partial \mathcal{F}}{\partial x}\right)")
FORMULA_TEXT = "y = F(x) + x,    ∂L/∂x = ∂L/∂y · (1 + ∂F/∂x)"


def shown_blocks(spec: NetSpec) -> list[BlockSpec]:
    """The first block, and the first block that changes shape where that is another one."""
    first = spec.blocks[0]
    changing = next((b for b in spec.blocks if b.downsamples), None)
    return [first] + ([changing] if changing is not None and changing is not first else [])


def has_shortcuts(spec: NetSpec) -> bool:
    return any(b.is_residual for b in spec.blocks)


def blocks_caption(a: Analysis, lang: str) -> str:
    """Which net, and which of its blocks are drawn (and why only one, where it is one)."""
    name = net_name(a, lang)
    if len(shown_blocks(a.spec)) == 2:
        return t("ls_block_net", lang, name=name)
    if a.spec.blocks[0].downsamples:
        return t("ls_block_net_first", lang, name=name)
    return t("ls_block_net_same", lang, name=name)
