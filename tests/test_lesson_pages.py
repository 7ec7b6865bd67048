"""Every lesson's static page, in both languages: well formed, in its language, its placeholders all
filled, the answer folded in a <details>, each chart with plotly.js once and its sentence, the
diagrams as SVG; and what it says is what the scene's functions say for the same data (the answer,
the tables, the sentences under the charts). The `page --lesson` command for every lesson."""

from __future__ import annotations

import functools
import re

import pytest

from resnet_explorer.analysis import analyze
from resnet_explorer.cli import main
from resnet_explorer.config import Shortcut
from resnet_explorer.diagrams.describe import block_alt, net_name
from resnet_explorer.i18n import t
from resnet_explorer.lab import summaries as lab_summaries
from resnet_explorer.lessons import block as block_lesson
from resnet_explorer.lessons import bn, claims, recordings, summaries, words
from resnet_explorer.lessons import degradation as degradation_lesson
from resnet_explorer.pages import LESSON_PAGES, LESSONS, lesson_page
from resnet_explorer.pages import forward_lessons as forward
from resnet_explorer.presets import preset
from resnet_explorer.ui.lessons import TITLE_KEYS

from .html_check import PLOTLY_SCRIPT, no_address, outside_plotly, read

LANGS = ("en", "zh")
FIGURES = {"block": 0, "degradation": 1, "lesion": 1, "gradflow": 2, "bottleneck": 1, "batchnorm": 0,
           "responses": 1}
DIAGRAMS = {"block": 2, "bottleneck": 2}  # resnet18: layer1.0 and layer2.0, the first to change shape


@pytest.fixture(scope="module")
def studies():
    """The forward lessons' numbers, computed once (about two seconds): the pages are given them as
    the app gives its cached ones."""
    return {"batchnorm": bn.bn_study(), "responses": bn.response_study()}


@pytest.fixture(scope="module")
def pages(studies):
    out = {}
    for name in LESSONS:
        kw = {"study": functools.partial(lambda d: d, studies[name])} if name in studies else {}
        for lang in LANGS:
            out[name, lang] = lesson_page(name, preset("resnet18"), lang, **kw).render()
    return out


def shown(html: str) -> str:
    return " ".join(read(html).shown)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_page_is_whole_in_its_language(pages, name, lang):
    html = pages[name, lang]
    reader = read(html)
    assert reader.lang == {"en": "en", "zh": "zh-Hans"}[lang]
    assert t(TITLE_KEYS[name], lang) in reader.shown
    text = " ".join(reader.shown)
    assert not re.search(r"\{[a-z_0-9]+(:[^}]*)?\}", text), re.search(r"\{[a-z_0-9]+(:[^}]*)?\}", text)
    assert html.count("<details>") == 1 and "".join(reader.folded).strip()
    n = FIGURES[name]
    assert html.count(PLOTLY_SCRIPT) == (1 if n else 0) and html.count("Plotly.newPlot(") == n
    assert html.count('<figure class="chart">') == n
    captions = [c for c in reader.figcaptions if c.strip()]
    assert len(captions) == n + DIAGRAMS.get(name, 0)  # a sentence under every chart and diagram
    assert outside_plotly(html).count("<svg") == DIAGRAMS.get(name, 0)
    no_address(html)


@pytest.mark.parametrize("lang", LANGS)
def test_the_block_page_says_the_formula_and_draws_the_blocks(pages, lang):
    a = analyze(preset("resnet18"))
    reader = read(pages["block", lang])
    labels = [v for tag, k, v in reader.attrs if tag == "svg" and k == "aria-label"]
    assert labels == [block_alt(a, "layer1.0", lang), block_alt(a, "layer2.0", lang)]
    assert block_lesson.FORMULA_TEXT in reader.shown and block_lesson.blocks_caption(a, lang) in reader.shown
    assert t("ls_block_a", lang) in reader.folded
    cfg = preset("resnet18").replace(shortcut=Shortcut.NONE)  # plain18
    plain = lesson_page("block", cfg, lang).render()
    assert t("pg_block_plain", lang, name=net_name(analyze(cfg), lang)) in shown(plain)
    one = read(lesson_page("block", preset("resnet50"), lang).render())  # layer1.0 already widens
    assert sum(tag == "svg" and k == "aria-label" for tag, k, _ in one.attrs) == 1
    assert t("ls_block_net_first", lang, name="resnet50") in one.shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_degradation_page_says_what_its_recording_shows(pages, lang):
    runs, bands = recordings.degradation_recording(0)["runs"], recordings.degradation_bands()
    reader = read(pages["degradation", lang])
    assert words.degradation_answer(runs, lang) in reader.folded
    table = next(rows for rows in reader.tables if rows[0][0] == t("ls_net", lang))
    assert [list(r) for r in zip(*words.degradation_table(runs, lang).values())] == table[1:]
    assert summaries.degradation(runs, lang, bands) in reader.figcaptions
    assert words.degradation_spread(bands, lang) in reader.shown
    assert words.fair(degradation_lesson.SETTINGS.replace(seed=0), lang) in reader.shown
    assert "lesson degradation --seed 0 --save" in " ".join(reader.shown)
    other = read(lesson_page("degradation", preset("resnet18"), lang, seed=7).render())  # none ships
    assert t("pg_deg_no_recording", lang, seed=7, seeds=len(bands)) in other.folded
    assert other.figcaptions == [summaries.degradation([], lang, bands)] and other.tables == []
    with pytest.raises(ValueError):
        lesson_page("degradation", preset("resnet18"), lang, seed=-1)


@pytest.mark.parametrize("lang", LANGS)
def test_the_lesion_page_says_what_the_shipped_study_shows(pages, lang):
    nets = recordings.lesion_recording(0)
    reader = read(pages["lesion", lang])
    assert words.lesion_answer(nets, lang) in reader.folded
    table = next(rows for rows in reader.tables if rows[0][0] == t("ls_net", lang))
    assert [list(r) for r in zip(*words.lesion_table(nets, lang).values())] == table[1:]
    assert reader.figcaptions == [summaries.lesion(nets, lang)]
    assert "lesion --seed 0 --record" in " ".join(reader.shown)


@pytest.mark.parametrize("lang", LANGS)
def test_the_gradflow_page_draws_both_sweeps_of_the_chosen_init_and_seed(pages, lang):
    rec = recordings.read_json(recordings.gradflow_path())
    said = claims.gradflow_lesson_words(claims.gradflow(recordings.sweeps_of(rec)))
    for init, seed, html in (("pytorch", 0, pages["gradflow", lang]),
                             ("kaiming", 3, lesson_page("gradflow", preset("resnet18"), lang, init="kaiming",
                                                        seed=3).render())):
        reader = read(html)
        flows = recordings.recorded_flows(rec, init, seed)
        assert reader.figcaptions == [lab_summaries.sweep(flows, bn, "stream", lang) for bn in (True, False)]
        assert t("ls_grad_a", lang, **said) in reader.folded
        assert t("pg_grad_choice", lang, init=t(f"lab_init_{init}", lang), seed=seed) in reader.shown
    for bad in ({"init": "xavier"}, {"seed": 99}):
        with pytest.raises(ValueError):
            lesson_page("gradflow", preset("resnet18"), lang, **bad)


@pytest.mark.parametrize("lang", LANGS)
def test_the_forward_lessons_pages_say_what_the_nets_measure(pages, studies, lang):
    d, nets = studies["batchnorm"], studies["responses"]
    reader = read(pages["batchnorm", lang])
    assert words.batchnorm_answer(d, lang) in reader.folded
    table = next(rows for rows in reader.tables if rows[0][0] == t("ls_bn_channel", lang))
    assert [list(map(str, r)) for r in zip(*words.batchnorm_table(d, lang).values())] == table[1:]
    assert t("ls_bn_text", lang, n=256, net="ResNet-56") in " ".join(reader.shown)
    reader = read(pages["responses", lang])
    assert words.responses_answer(nets, lang) in reader.folded
    assert reader.figcaptions == [summaries.responses(nets, lang)]


def test_the_page_command_writes_every_lesson(tmp_path, monkeypatch, studies, capsys):
    for name in studies:  # the command computes them; here they are computed once
        monkeypatch.setitem(LESSON_PAGES, name, functools.partial(getattr(forward, name),
                                                                  study=lambda d=studies[name]: d))
    for i, name in enumerate(LESSONS):
        lang = LANGS[i % 2]
        out = tmp_path / f"{name}.html"
        assert main(["page", "--lesson", name, "--lang", lang, "-o", str(out)]) == 0, name
        html = out.read_text(encoding="utf-8")
        assert t(TITLE_KEYS[name], lang) in read(html).shown and html.count("<details>") == 1
    capsys.readouterr()
    monkeypatch.setattr(recordings, "gradflow_path", lambda: tmp_path / "none.json")
    assert main(["page", "--lesson", "gradflow", "-o", str(tmp_path / "g.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lesson gradflow --save" in err and not (tmp_path / "g.html").exists()
