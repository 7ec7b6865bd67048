"""The gradient lab's live view in a real browser: the polling fragments run (they never do under
AppTest), the link names the run, and another page opened on that link watches the same run."""

import re

import pytest

from .browser import available, browser_page, served_app

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(available() is not None, reason=str(available()))]

SHORT = "tab=lab&lab_steps=30&lab_batch=8&lab_twin=false"  # a run of a few seconds


@pytest.fixture(scope="module")
def url():
    with served_app() as u:
        yield u


def test_a_live_run_polls_to_its_end_and_its_link_rejoins_it(url):
    with browser_page() as page:
        page.goto(f"{url}/?{SHORT}", timeout=60_000)
        start = page.get_by_role("button", name="Start training")
        start.wait_for(timeout=60_000)
        start.click()
        page.get_by_text(re.compile(r"Step \d+ of 30")).first.wait_for(timeout=60_000)
        page.get_by_text("Finished in").first.wait_for(timeout=120_000)  # only the fragment's polls get here
        page.get_by_text("What the numbers say").first.wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        link = page.url
        assert re.search(r"[?&]run=[0-9a-f]{32}", link)
    with browser_page() as other:  # a shared link, or the same page after a reconnect
        other.goto(link, timeout=60_000)
        other.get_by_text("Finished in").first.wait_for(timeout=60_000)
        other.get_by_text(re.compile(r"Step 30 of 30")).first.wait_for(timeout=30_000)
        assert other.locator('[data-testid="stException"]').count() == 0


def test_a_link_to_a_run_the_server_lost_says_so(url):
    with browser_page() as page:
        page.goto(f"{url}/?tab=lab&run={'0' * 32}", timeout=60_000)
        page.get_by_text("This run is lost").first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
