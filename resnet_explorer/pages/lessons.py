"""The lessons as static pages: LESSON_PAGES maps a lesson's name to the function that writes its page.

A lesson page function takes the net the lesson is shown with and the language, then keywords only:
`analysis` (how a net is analysed; the app passes its cached one), the choices the scene lets a
student make (each with the scene's default, so `page --lesson NAME` calls it with the net and the
language alone) and, where the lesson computes its numbers, the function that computes them (the
app passes its cached one, so a download does not compute them again). It returns a Page (page.py)
built from the same pure functions as the scene, so the page and the scene say the same. To add a
lesson's page: write the function here (or in a module of its own beside this one) and add it to
LESSON_PAGES; the CLI's `page --lesson` and a scene's download button (ui/pagefile.py) find it there.

    def degradation(cfg: NetConfig, lang: str, *, analysis=analyze, seed: int = 0) -> Page:
        page = Page(t("ls_deg_title", lang), lang)
        page.text(...).question(q, a).figure(fig, summary)
        return page

Here: the lessons that compute from the net alone (block, bottleneck); recorded_lessons.py: those
read from shipped recordings (degradation, lesion, gradflow); forward_lessons.py: those that run the
shipped nets forward (batchnorm, responses). Those two need torch and are imported at a page's first
call, so the command line's pure commands stay without it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..analysis import Analysis, analyze
from ..config import NetConfig
from ..diagrams import anatomy_diagram, block_diagram
from ..diagrams.describe import anatomy_alt, block_alt, net_name
from ..i18n import t
from ..lessons import block as block_lesson
from ..lessons import economics, figures, summaries
from .page import Page

# Every lesson of the app, in its order (ui/lessons/__init__.py's LESSONS; a test keeps the two equal).
LESSONS = ("block", "degradation", "lesion", "gradflow", "bottleneck", "batchnorm", "responses")

LessonPage = Callable[..., Page]  # (cfg: NetConfig, lang: str, *, analysis=..., **choices) -> Page


def block(cfg: NetConfig, lang: str, *, analysis: Callable[[NetConfig], Analysis] = analyze) -> Page:
    """What a residual block computes (ui/lessons/simple.py's block scene): the text, the formula, the
    question and answer, and the net's first block and first block that changes shape, drawn."""
    a = analysis(cfg)
    page = Page(t("ls_block_title", lang), lang)
    page.text(t("ls_block_text", lang)).formula(block_lesson.FORMULA_TEXT)
    page.question(t("ls_block_q", lang), t("ls_block_a", lang))
    if not block_lesson.has_shortcuts(a.spec):
        page.caption(t("pg_block_plain", lang, name=net_name(a, lang)))
    page.caption(block_lesson.blocks_caption(a, lang))
    for b in block_lesson.shown_blocks(a.spec):
        page.diagram(block_diagram(a, b.name, lang), block_alt(a, b.name, lang))
    return page


def bottleneck(cfg: NetConfig, lang: str, *, width: int = economics.DEFAULT_WIDTH,
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
    for shown in (b, wide):
        page.diagram(anatomy_diagram(shown, lang), anatomy_alt(shown, lang))
    families, current = economics.scaling_points(cfg, analysis)
    return page.figure(figures.scaling(families, current, lang), summaries.scaling(families, current, lang))


def _beside(module: str, name: str) -> LessonPage:
    """The page function `name` of a module beside this one, imported at its first call: those modules
    read the shipped recordings and nets with torch, which `page --preset` and the commands that need
    no torch (`presets`, `summary`) never import."""
    def page(cfg: NetConfig, lang: str, **choices: object) -> Page:
        return getattr(import_module(f"{__package__}.{module}"), name)(cfg, lang, **choices)

    page.__name__ = page.__qualname__ = name
    page.__doc__ = f"{module}.{name}, imported when first called."
    return page


LESSON_PAGES: dict[str, LessonPage] = {
    "block": block, "degradation": _beside("recorded_lessons", "degradation"),
    "lesion": _beside("recorded_lessons", "lesion"), "gradflow": _beside("recorded_lessons", "gradflow"),
    "bottleneck": bottleneck, "batchnorm": _beside("forward_lessons", "batchnorm"),
    "responses": _beside("forward_lessons", "responses")}


def lesson_page(name: str, cfg: NetConfig, lang: str, **choices: object) -> Page:
    """The page of lesson `name` (KeyError: no such lesson; ValueError: a choice it does not offer;
    FileNotFoundError: a shipped file it reads is missing)."""
    if name not in LESSONS:
        raise KeyError(f"no lesson named {name!r}; lessons: {', '.join(LESSONS)}")
    return LESSON_PAGES[name](cfg, lang, **choices)
