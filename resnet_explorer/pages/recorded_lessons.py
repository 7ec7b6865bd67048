"""Pure: the lessons whose numbers are shipped recordings, as static pages (pages/lessons.py says what
a lesson page function is): degradation (a seed's recording over the band of the shipped seeds),
the lesion study of the shipped nets, and the gradient-flow sweep at initialisation. Each says what
its scene in ui/lessons/ says for the recording, from the same functions (lessons/words.py,
figures.py, summaries.py, claims.py; lab/plots.py and lab/summaries.py); the page shows the recording
only (a live run is the app's), and its caption says which recording it is.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis import Analysis, analyze
from ..config import NetConfig
from ..i18n import t
from ..lab import plots as lab_plots
from ..lab import summaries as lab_summaries
from ..lab.gradflow import INITS
from ..lessons import claims, figures, recordings, summaries, words
from ..lessons import degradation as degradation_lesson
from ..lessons import lesion as lesion_lesson
from ..lessons.nets import TEST_IMAGES
from .page import Page

Analyse = Callable[[NetConfig], Analysis]
VALUES = "stream"  # the gradient-flow lesson's values, as its scene draws them


def degradation(cfg: NetConfig, lang: str, *, analysis: Analyse = analyze, seed: int = 0) -> Page:
    """Degradation (ui/lessons/degradation.py) for the recording of `seed`: the text, the fairness
    checklist, the question with the answer and the final errors, which recording it is, the chart
    over the shipped seeds' bands with its sentence, and the spread over those seeds. A seed without
    a recording: the page says so and draws the bands only."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed {seed!r}: a whole number from 0")
    s = degradation_lesson.SETTINGS.replace(seed=seed)
    rec = recordings.degradation_recording(seed)
    runs = rec["runs"] if rec else []
    bands = recordings.degradation_bands()
    page = Page(t("ls_deg_title", lang), lang)
    page.text(t("ls_deg_text", lang)).caption(words.fair(s, lang))
    if runs:
        page.question(t("ls_deg_q", lang), words.degradation_answer(runs, lang),
                      table=words.degradation_table(runs, lang))
        page.caption(t("ls_recording", lang, seed=seed, steps=s.steps, seeds=len(bands)), markdown=True)
    else:
        page.question(t("ls_deg_q", lang), t("pg_deg_no_recording", lang, seed=seed, seeds=len(bands)))
    if runs or bands:
        page.figure(figures.degradation(runs, bands, lang), summaries.degradation(runs, lang, bands))
    if bands:
        page.caption(words.degradation_spread(bands, lang))
    return page


def _missing(what: str, command: str) -> FileNotFoundError:
    return FileNotFoundError(f"{what} does not ship with this installation: make it with "
                             f"python -m resnet_explorer {command}")


def lesion(cfg: NetConfig, lang: str, *, analysis: Analyse = analyze) -> Page:
    """The lesion study (ui/lessons/lesion.py) of the shipped nets: the text, the question with the
    answer and each net's accuracy and median drop, which weights, the chart with its sentence."""
    seed = 0
    nets = recordings.lesion_recording(seed)
    if nets is None:
        raise _missing(f"the lesion study of seed {seed}", f"lesion --seed {seed} --record")
    page = Page(t("ls_les_title", lang), lang)
    page.text(t("ls_les_text", lang, steps=lesion_lesson.SETTINGS.steps, n=f"{TEST_IMAGES:,}"))
    page.question(t("ls_les_q", lang), words.lesion_answer(nets, lang), table=words.lesion_table(nets, lang))
    page.caption(t("ls_les_shipped", lang, seed=seed), markdown=True)
    return page.figure(figures.lesion(nets, lang), summaries.lesion(nets, lang))


def gradflow(cfg: NetConfig, lang: str, *, analysis: Analyse = analyze, init: str = INITS[0],
             seed: int | None = None) -> Page:
    """Gradient flow at initialisation (ui/lessons/gradflow.py) for one init and recorded seed (the
    first by default, as in the scene): the text and the answer with the recording's ranges over all
    its seeds, which recording, and the sweep both with BatchNorm and without, each with its
    sentence (the scene shows one at a time)."""
    if init not in INITS:
        raise ValueError(f"init {init!r}: choose one of {', '.join(INITS)}")
    rec = recordings.read_json(recordings.gradflow_path())
    if rec is None:
        raise _missing("the gradient-flow recording", "lesson gradflow --save")
    seeds = recordings.recorded_seeds(rec)
    seed = seeds[0] if seed is None else seed
    flows = recordings.recorded_flows(rec, init, seed)
    if flows is None:
        raise ValueError(f"seed {seed!r}: the recording has seeds {', '.join(map(str, seeds))}")
    said = claims.gradflow_lesson_words(claims.gradflow(recordings.sweeps_of(rec)))
    page = Page(t("ls_grad_title", lang), lang)
    page.text(t("ls_grad_text", lang, **said))
    page.question(t("ls_grad_q", lang), t("ls_grad_a", lang, **said))
    page.caption(words.gradflow_recording(seeds, lang), markdown=True)
    page.caption(t("pg_grad_choice", lang, init=t(f"lab_init_{init}", lang), seed=seed))
    for bn in (True, False):  # what the text quotes: the gradient at each block's output ("stream")
        page.figure(lab_plots.sweep(flows, bn, VALUES, lang), lab_summaries.sweep(flows, bn, VALUES, lang))
    return page
