"""Static pages: the report's numbers are the analysis', the HTML is well formed, the SVG and
plotly.js are inside it (plotly.js once), nothing in it names an address to load, both languages; the
bottleneck lesson's page, the lesson pages' table and the `page` command (every lesson's page:
test_lesson_pages.py)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from resnet_explorer import diagrams
from resnet_explorer.analysis import analyze
from resnet_explorer.cli import main
from resnet_explorer.formatting import num
from resnet_explorer.i18n import t
from resnet_explorer.lessons import economics
from resnet_explorer.pages import LESSON_PAGES, LESSONS, Page, lesson_page, net_report
from resnet_explorer.presets import preset
from resnet_explorer.tool_counts import tool_table

from .html_check import PLOTLY_SCRIPT, Reader, no_address, outside_plotly, read


@pytest.fixture(scope="module")
def resnet50():
    a = analyze(preset("resnet50"))
    return a, {lang: net_report(a, lang).render() for lang in ("en", "zh")}


def _table(reader: Reader, first_header: str) -> list[list[str]]:
    return next(rows for rows in reader.tables if rows and rows[0] and rows[0][0] == first_header)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_says_the_analysis_numbers(resnet50, lang):
    a, pages = resnet50
    reader = read(pages[lang])
    assert reader.lang == {"en": "en", "zh": "zh-Hans"}[lang]
    totals = dict(_table(reader, t("pg_quantity", lang))[1:])
    assert totals[t("params", lang)] == "25,557,032" == num(a.totals.params)
    assert totals[t("macs", lang)] == num(a.totals.macs) and totals[t("flops", lang)] == num(a.totals.flops)
    assert totals[t("pg_buffers", lang)] == num(a.totals.buffers) and totals[t("depth", lang)] == "50"
    stages = _table(reader, t("col_layer", lang))[1:]
    assert [(r[0], r[3], r[4]) for r in stages] == [(s.name, num(s.params), num(s.macs)) for s in a.stages]
    layers = _table(reader, t("col_name", lang))[1:]
    assert len(layers) == len(a.rows)
    assert [(r[0], r[4], r[5]) for r in layers] == [(x.name, num(x.params), num(x.macs)) for x in a.rows]
    assert sum(int(r[4].replace(",", "")) for r in layers) == a.totals.params  # totals = sum of rows
    tools = _table(reader, t("tools_col_tool", lang))[1:]
    assert [(r[0], r[2]) for r in tools] == [(x.tool, num(x.value)) for x in tool_table(a)]
    assert pages[lang].count("<svg") == 2 and PLOTLY_SCRIPT not in pages[lang]  # no chart, no plotly.js
    no_address(pages[lang])


def test_the_diagrams_carry_their_text_alternative(resnet50):
    from resnet_explorer.diagrams.describe import block_alt, net_alt

    a, pages = resnet50
    reader = read(pages["en"])
    labels = [v for tag, k, v in reader.attrs if tag == "svg" and k == "aria-label"]
    assert labels == [block_alt(a, "layer2.0"), net_alt(a, metric="params")]
    assert all(f"<title>{label.replace('&', '&amp;')}</title>" in pages["en"] for label in labels)
    ids = [v for _, k, v in reader.attrs if k == "id"]
    assert len(ids) == len(set(ids))  # two diagrams, no id twice


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lesson_page_has_its_chart_once_and_its_answer_folded(lang):
    html = lesson_page("bottleneck", preset("resnet18"), lang, width=512).render()
    read(html)
    assert html.count(PLOTLY_SCRIPT) == 1 and html.count("Plotly.newPlot(") == 1
    assert outside_plotly(html).count("<svg") == 2
    question, answer = economics.question(512, lang)
    details = html[html.index("<details>"):html.index("</details>")]
    wide, bottleneck = 2 * 3 * 3 * 512 * 512, 512 * 128 + 3 * 3 * 128 * 128 + 128 * 512  # He et al., Fig. 5
    assert num(wide) in details and num(bottleneck) == "278,528" and num(bottleneck) in details
    assert question in html and answer.split(" ")[-1] in details
    assert t("ls_bot_b", lang, w=512) in details  # the weights table is inside the answer too
    assert "278,528" not in html[:html.index("<details>")]
    no_address(html)


def test_the_page_builder_escapes_and_refuses():
    page = Page("<b>x</b>", "en").text("<script>alert(1)</script> ![p](http://example.org/p.png) *ok*")
    page.question("Why <i>?", "Because.").table({"a": [1, 2.5, "<x>"], "b": [None, True, 1234567]})
    page.figure(go.Figure(go.Scatter(x=[1], y=[2])), "one point <at> 2")
    html = page.render()
    read(html)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<em>ok</em>" in html
    assert "<img" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "one point &lt;at&gt; 2" in html
    assert '<td class="num">1,234,567</td>' in html and "&lt;x&gt;" in html
    with pytest.raises(ValueError):
        Page("x", "en").table({"a": [1], "b": [1, 2]})
    with pytest.raises(ValueError):
        Page("x", "fr")


def test_without_dot_the_page_says_so_and_keeps_the_dot_text(monkeypatch):
    monkeypatch.setattr(diagrams, "can_render", lambda: False)
    html = net_report(analyze(preset("resnet20")), "zh").render()
    read(html)
    assert "<svg" not in html and html.count(t("pg_no_dot", "zh")) == 2 and "digraph" in html
    no_address(html)


def test_every_lesson_of_the_app_has_a_page():
    from resnet_explorer.ui.lessons import LESSONS as APP_LESSONS

    assert LESSONS == APP_LESSONS and tuple(LESSON_PAGES) == LESSONS
    with pytest.raises(KeyError):
        lesson_page("nope", preset("resnet18"), "en")
    with pytest.raises(ValueError):
        lesson_page("bottleneck", preset("resnet18"), "en", width=100)


def test_the_page_command(tmp_path, capsys):
    out = tmp_path / "r20.html"
    assert main(["page", "--preset", "resnet20", "--lang", "zh", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html and "269,722" in html
    lesson = tmp_path / "b.html"
    assert main(["page", "--lesson", "bottleneck", "--preset", "resnet50", "-o", str(lesson)]) == 0
    assert "25,557,032" in lesson.read_text(encoding="utf-8")
    capsys.readouterr()
    for argv, status in ((["--lesson", "nope"], 2), (["--preset", "nope"], 2), (["--lang", "fr"], 2),
                         (["--stages", "0"], 2), (["-o", str(tmp_path / "no" / "x.html")], 1)):
        args = ["page", *argv] + ([] if "-o" in argv else ["-o", str(tmp_path / "x.html")])
        assert main(args) == status, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("resnet_explorer: error:"), err
    assert not (tmp_path / "x.html").exists()
