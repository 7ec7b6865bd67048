"""A static page opened from disk in a real browser with the network off: it requests nothing beyond the
file, and its charts (plotly's .main-svg with its traces, every chart of the page) and diagrams
(inline SVG) are drawn: the bottleneck lesson (EN and 中文), the degradation lesson in 中文 and the
gradient-flow lesson (two charts), and a net's report.

The context is offline, and every request is recorded and routed: the file itself goes on, anything
else is recorded and aborted, so a regression that adds a script, a font or an image shows up as a
request here even though it could not have been answered. And the layer tab's button hands over
the same page as the `page` command."""

from __future__ import annotations

import pytest

from resnet_explorer import analyze, preset
from resnet_explorer.i18n import t
from resnet_explorer.pages import lesson_page, net_report

from .browser import ARGS, CHROMIUM, available

pytestmark = [pytest.mark.browser, pytest.mark.skipif(available() is not None, reason=str(available()))]


def _open(path) -> dict:
    """What a browser does with one file, offline: the requests it made, the console's errors, the
    charts drawn (a plotly div with its SVG and at least one trace) against the charts on the page,
    the diagrams' nodes, and the page's lang."""
    from playwright.sync_api import sync_playwright

    url = path.as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1600})
            seen: list[str] = []
            context.on("request", lambda request: seen.append(request.url))
            context.route("**/*", lambda route: route.continue_() if route.request.url == url
                          else route.abort())
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            page.wait_for_load_state("load")
            figures = page.locator("figure.chart").count()
            if figures:  # every chart drawn, or the wait fails
                page.wait_for_function(
                    "[...document.querySelectorAll('figure.chart .plotly-graph-div')].every("
                    "d => d.querySelector('.main-svg .trace'))", timeout=30_000)
            if page.locator("details").count():
                page.locator("details summary").first.click()
            return {"seen": seen, "errors": errors, "figures": figures,
                    "charts": page.locator(".js-plotly-plot:has(.main-svg .trace)").count(),
                    "nodes": page.locator("figure.diagram svg g.node").count(),
                    "lang": page.locator("html").get_attribute("lang")}
        finally:
            browser.close()


LANG = {"en": "en", "zh": "zh-Hans"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_lesson_page_opens_offline_with_its_chart_and_diagrams(tmp_path, lang):
    path = tmp_path / f"bottleneck-{lang}.html"
    path.write_text(lesson_page("bottleneck", preset("resnet50"), lang).render(), encoding="utf-8")
    got = _open(path)
    assert got["seen"] == [path.as_uri()], got["seen"]
    assert got["errors"] == []
    assert got["charts"] == got["figures"] == 1 and got["nodes"] >= 10  # both blocks' nodes are there
    assert got["lang"] == LANG[lang]


@pytest.mark.parametrize(("name", "lang", "charts"), [("degradation", "zh", 1), ("gradflow", "en", 2)])
def test_recorded_lessons_pages_open_offline_with_their_charts(tmp_path, name, lang, charts):
    path = tmp_path / f"{name}-{lang}.html"
    path.write_text(lesson_page(name, preset("resnet18"), lang).render(), encoding="utf-8")
    got = _open(path)
    assert got["seen"] == [path.as_uri()], got["seen"]
    assert got["errors"] == []
    assert got["charts"] == got["figures"] == charts and got["lang"] == LANG[lang]


def test_a_report_opens_offline_with_its_diagrams(tmp_path):
    path = tmp_path / "resnet20.html"
    path.write_text(net_report(analyze(preset("resnet20")), "en").render(), encoding="utf-8")
    got = _open(path)
    assert got["seen"] == [path.as_uri()] and got["errors"] == []
    assert got["figures"] == got["charts"] == 0 and got["nodes"] >= 20


def test_the_layer_tabs_button_downloads_the_report():
    from .browser import browser_page, served_app, wait_idle

    with served_app() as url, browser_page() as page:
        page.goto(f"{url}/?tab=layers&preset=resnet20", timeout=120_000)
        wait_idle(page, 120_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=t("pg_download", "en")).click()
        name = download.value.suggested_filename
        html = open(download.value.path(), encoding="utf-8").read()
    assert name == "resnet20-en.html"
    assert html == net_report(analyze(preset("resnet20")), "en").render()
