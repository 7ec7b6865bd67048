"""Each lesson in a real browser: it opens from its own link, reveals its answer without an exception
and shows its key figures; one more link in Chinese and projector mode."""

from __future__ import annotations

import re

import pytest

from tests.browser import available, browser_page, served_app, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(available() is not None, reason=str(available()))]

# lesson -> (the answer's opening words, what else the scene must show)
LESSONS = {
    "block": ("The block would pass x straight on", '[data-testid="stGraphVizChart"] svg'),
    "degradation": ("plain-56 ends with a higher training error", '[data-testid="stPlotlyChart"]'),
    "lesion": ("The residual net hardly notices", '[data-testid="stPlotlyChart"]'),
    "gradflow": ("No: with BatchNorm it grows", '[data-testid="stPlotlyChart"]'),
    "bottleneck": ("Bottleneck at 256-d: 69,632", '[data-testid="stPlotlyChart"]'),
    "batchnorm": ("Not reliably", '[data-testid="stTable"]'),
    "responses": (re.compile("The residual net's, by|Measured here the residual net's"),
                  '[data-testid="stPlotlyChart"]'),
}


@pytest.fixture(scope="module")
def url():
    with served_app() as u:
        yield u


@pytest.mark.parametrize("lesson", list(LESSONS))
def test_each_lesson_opens_from_its_link_and_reveals(url, lesson):
    answer, figure = LESSONS[lesson]
    with browser_page(1280, 720) as page:
        page.goto(f"{url}/?lesson={lesson}", timeout=120_000)
        wait_idle(page, 240_000)
        page.get_by_role("button", name="Reveal the answer").click()
        page.get_by_text(answer).first.wait_for(timeout=240_000)
        page.locator(figure).first.wait_for(timeout=120_000)
        if lesson == "bottleneck":
            assert page.get_by_text("73,728").first.is_visible()  # the paper's like-for-like
            assert page.get_by_text("1,179,648").first.is_visible()
        if lesson == "degradation":
            assert page.get_by_text(re.compile("Recording made with")).first.is_visible()
            assert page.get_by_text("Fairness checklist", exact=False).first.is_visible()
        if lesson == "gradflow":  # the recording, at once; the live sweep only behind its button
            assert page.get_by_text(re.compile("Recording made with .*lesson gradflow")).first.is_visible()
            assert page.get_by_role("button", name="Re-run live").is_visible()
        assert page.get_by_text(f"?lesson={lesson}", exact=False).first.is_visible()  # the scene's link
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_lesson_link_in_chinese_and_projector_mode(url):
    with browser_page(1280, 720) as page:
        page.goto(f"{url}/?lesson=degradation&lang=zh&projector=1", timeout=120_000)
        wait_idle(page, 240_000)
        assert page.get_by_text("退化：更深的普通网络训练得更差").first.is_visible()
        page.get_by_role("button", name="揭晓答案").click()
        page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=120_000)
        # projector mode: body text at least 20 px, plot labels at least 14 px
        size = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 20
        ticks = page.locator('[data-testid="stPlotlyChart"] .xtick text').first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")
        assert ticks >= 14
        assert page.locator('[data-testid="stException"]').count() == 0
