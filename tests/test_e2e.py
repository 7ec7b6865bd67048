"""The app in a real browser: served by `streamlit run`, driven in headless Chromium."""

import re

import pytest

from .browser import available, browser_page, served_app, wait_idle

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


@pytest.fixture(scope="module")
def url():
    with served_app() as u:
        yield u


def test_page_shows_counts_and_follows_the_url(url, tmp_path):
    with browser_page() as page:
        page.goto(f"{url}/?preset=resnet50&tab=layers", timeout=60_000)
        wait_idle(page)
        page.get_by_text("25.56M").first.wait_for(timeout=30_000)
        assert page.get_by_text("4.089G").first.is_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(tmp_path / "layers.png"))


def test_bad_url_value_is_a_message(url):
    with browser_page() as page:
        page.goto(f"{url}/?preset=resnet18&input_size=huge", timeout=60_000)
        wait_idle(page)
        page.get_by_text("input_size").first.wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_chinese_link(url):
    with browser_page() as page:
        page.goto(f"{url}/?lang=zh", timeout=60_000)
        wait_idle(page)
        title = page.get_by_text("ResNet 探索器").first
        title.wait_for(timeout=30_000)
        page.get_by_role("tab").nth(1).click()  # the layer tab, after "Start here"
        # only the open tab runs: its content comes with the rerun the click starts
        page.locator('[data-testid="stMetricLabel"]', has_text="参数量").first.wait_for(timeout=30_000)
        assert title.is_visible() and "tab=layers" in page.url


def test_diagrams_render_in_the_browser(url):
    with browser_page() as page:
        page.goto(f"{url}/?preset=resnet50", timeout=60_000)
        wait_idle(page)
        page.get_by_role("tab").nth(2).click()  # after "Start here" and the layer tab
        charts = page.locator('[data-testid="stGraphVizChart"] svg')
        charts.first.wait_for(timeout=30_000)
        wait_idle(page)
        assert charts.count() >= 4  # two blocks, the compare view, the network
        # the addition node is drawn, with its ⊕
        assert page.locator('[data-testid="stGraphVizChart"] svg g.node.add text', has_text="⊕").count() > 0
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_live_training_run_updates_and_finishes_by_itself(url):
    """The polling fragment (which AppTest cannot fire) draws progress and ends with results."""
    with browser_page() as page:
        page.goto(f"{url}/?preset=resnet20", timeout=60_000)
        wait_idle(page)
        page.get_by_role("tab").nth(3).click()
        steps = page.get_by_role("spinbutton", name="Steps", exact=True)
        steps.fill("6")
        steps.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Start training").click()
        page.get_by_text(re.compile(r"Step \d+ of 6")).first.wait_for(timeout=60_000)  # progress
        page.get_by_role("button", name="Download CSV").wait_for(timeout=120_000)
        assert page.get_by_text("Step 6 of 6").first.is_visible()
        # the figures come with the page's last full rerun, a moment after the progress line
        charts = page.locator('[data-testid="stPlotlyChart"]')
        charts.nth(5).wait_for(timeout=60_000)
        assert charts.count() >= 6
        assert page.locator('[data-testid="stException"]').count() == 0
