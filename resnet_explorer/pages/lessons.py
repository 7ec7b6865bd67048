"""The lessons as static pages: LESSON_PAGES maps a lesson's name to the function that writes its page.

A lesson page function takes the net the lesson is shown with and the language, and keyword choices
the scene lets a student make (each with the scene's default, so `page --lesson NAME` calls it with
the net and the language alone); it returns a Page (page.py) built from the same pure functions as
the scene, so the page and the scene say the same. To add a lesson's page: write the function here (or
in a module of its own beside this one) and add it to LESSON_PAGES; the CLI's `page --lesson` and a
scene's download button (ui/pagefile.py) find it there.

    def degradation_page(cfg: NetConfig, lang: str, **choices) -> Page:
        page = Page(t("ls_deg_title", lang), lang)
        page.text(...).question(q, a).figure(fig, summary)
        return page
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analysis, analyze
from ..config import NetConfig
from ..diagrams import anatomy_diagram
from ..diagrams.describe import anatomy_alt
from ..i18n import t
from ..lessons import economics, figures, summaries
from .page import Page

# Every lesson of the app, in its order (ui/lessons/__init__.py's LESSONS; a test keeps the two equal).
LESSONS = ("block", "degradation", "lesion", "gradflow", "bottleneck", "batchnorm", "responses")

LessonPage = Callable[..., Page]  # (cfg: NetConfig, lang: str, **choices) -> Page


def bottleneck(cfg: NetConfig, lang: str, width: int = economics.DEFAULT_WIDTH,
               analysis: Callable[[NetConfig], Analysis] = analyze) -> Page:
    """Bottleneck economics (ui/lessons/simple.py's bottleneck scene) at a block width: the text, the
    question and answer with the weights table, the two blocks drawn, the scaling chart."""
    if width not in economics.WIDTHS:
        raise ValueError(f"width {width}: choose one of {', '.join(map(str, economics.WIDTHS))}")
    page = Page(t("ls_bot_title", lang), lang)
    page.text(t("ls_bot_text", lang))
    q, a = economics.question(width, lang)
    page.question(q, a, table=economics.weights_table(width, lang))
    b, wide, _ = economics.blocks(width)
    for block in (b, wide):
        page.diagram(anatomy_diagram(block, lang), anatomy_alt(block, lang))
    families, current = economics.scaling_points(cfg, analysis)
    return page.figure(figures.scaling(families, current, lang), summaries.scaling(families, current, lang))


LESSON_PAGES: dict[str, LessonPage] = {"bottleneck": bottleneck}


def lesson_page(name: str, cfg: NetConfig, lang: str, **choices: object) -> Page | None:
    """The page of lesson `name`, or None while that lesson has no page yet (KeyError: no such lesson)."""
    if name not in LESSONS:
        raise KeyError(f"no lesson named {name!r}; lessons: {', '.join(LESSONS)}")
    make = LESSON_PAGES.get(name)
    return None if make is None else make(cfg, lang, **choices)
