"""A lesson's live re-run in a real browser against a real server: the fragment polls the worker's
job by itself (AppTest cannot fire `run_every`) and the page turns from the recording to the live
result without a click."""

from __future__ import annotations

import re

import pytest

from tests.browser import available, browser_page, served_app, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(available() is not None, reason=str(available()))]


def test_the_gradflow_lessons_live_sweep_polls_to_its_result():
    with served_app() as url, browser_page(1280, 900) as page:
        page.goto(f"{url}/?lesson=gradflow", timeout=120_000)
        wait_idle(page, 240_000)
        assert page.get_by_text(re.compile("Recording made with .*lesson gradflow")).first.is_visible()
        page.get_by_role("button", name="Re-run live").click()
        # One init's sweep: about 15 s in a worker; the page polls once a second meanwhile.
        page.get_by_text(re.compile(r"Live run on this server: \d+ s")).first.wait_for(timeout=180_000)
        assert page.get_by_text(re.compile("Recording made with .*lesson gradflow")).count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
