"""Pure: the two lessons that run the shipped lesion nets forward on held-out images, as static pages
(pages/lessons.py says what a lesson page function is): BatchNorm in training vs evaluation mode, and
the layer responses (He et al. 2015, Fig. 7). Each says what its scene (ui/lessons/batchnorm.py)
says, from the same functions (lessons/bn.py, words.py, figures.py, summaries.py).

The numbers come from `study`, lessons/bn.py's function by default (torch, on the CPU: seconds for
BatchNorm, where each image also goes through the net alone; about a second for the responses); the
app passes its cached one, so its download button computes nothing again.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analysis, analyze
from ..config import NetConfig
from ..i18n import t
from ..lessons import bn, figures, summaries, words
from .page import Page

Analyse = Callable[[NetConfig], Analysis]
SEED = 0  # the shipped nets'


def _missing() -> FileNotFoundError:
    return FileNotFoundError(f"the lesion lesson's weights of seed {SEED} do not ship with this "
                             f"installation: make them with python -m resnet_explorer lesion --seed {SEED} "
                             "--retrain --save")


def batchnorm(cfg: NetConfig, lang: str, *, analysis: Analyse = analyze,
              study: Callable[[], dict | None] = bn.bn_study) -> Page:
    """BatchNorm in training vs evaluation (the scene): the text, the question with the answer, the
    stem BatchNorm's statistics both ways, and one output value worked by hand."""
    d = study()
    if d is None:
        raise _missing()
    page = Page(t("ls_bn_title", lang), lang)
    page.text(t("ls_bn_text", lang, n=d["batch"], net=bn.BN_NET))
    page.question(t("ls_bn_q", lang), words.batchnorm_answer(d, lang))
    page.table(words.batchnorm_table(d, lang))
    return page.text(t("ls_bn_value", lang, z=d["z"], train=d["out_train"], eval=d["out_eval"]))


def responses(cfg: NetConfig, lang: str, *, analysis: Analyse = analyze,
              study: Callable[[], bn.Responses | None] = bn.response_study) -> Page:
    """The layer responses (the scene): the text, the question with the answer, the chart of each
    block's response with its sentence."""
    nets = study()
    if nets is None:
        raise _missing()
    page = Page(t("ls_resp_title", lang), lang)
    page.text(t("ls_resp_text", lang, n=bn.BN_IMAGES))
    page.question(t("ls_resp_q", lang), words.responses_answer(nets, lang))
    return page.figure(figures.responses(nets, lang), summaries.responses(nets, lang))
