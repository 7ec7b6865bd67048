"""Class mode in a real browser: one teacher's page and three students' pages (one at phone size,
360x740) on a served app. The students' votes reach the projector's count, the reveal and a lesson
change reach every student, the phone's page fits its width, and no page asks anything of another
server (the QR code is drawn by this one)."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest

from tests.browser import ARGS, CHROMIUM, available, served_app, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(available() is not None, reason=str(available()))]
SIZES = [(1280, 800), (1280, 800), (360, 740)]  # two laptops and a phone


def test_a_class_of_three_follows_the_teacher(tmp_path):
    from playwright.sync_api import sync_playwright

    with served_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        origin, seen = urlsplit(url).netloc, []
        try:
            context = browser.new_context()
            context.on("request", lambda request: seen.append(request.url))
            teacher = context.new_page()
            teacher.set_viewport_size({"width": 1280, "height": 900})
            teacher.goto(f"{url}/?class=new&lesson=lesion", timeout=120_000)
            teacher.get_by_text("Join the class").first.wait_for(timeout=120_000)
            link = teacher.get_by_text(re.compile(r"\?join=\w{4}-\w{4}")).first.inner_text().strip()
            assert link.startswith(url) and "class=" not in teacher.url  # an absolute link, once
            teacher.locator('[data-testid="stMain"] img').first.wait_for(timeout=60_000)  # the QR code
            students = []
            for width, height in SIZES:
                s = context.new_page()
                s.set_viewport_size({"width": width, "height": height})
                s.goto(link, timeout=120_000)
                s.get_by_role("button", name=re.compile("Under 1 point")).wait_for(timeout=60_000)
                students.append(s)
            phone = students[-1]
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert not phone.locator('[data-testid="stSidebar"]').is_visible()
            assert phone.get_by_role("tab").count() == 0
            for s, choice in zip(students, ("Under 1 point", "1 to 5 points", "Under 1 point")):
                s.get_by_role("button", name=re.compile(choice)).click()
                s.get_by_text("Your prediction:").first.wait_for(timeout=30_000)
            start = time.monotonic()
            teacher.get_by_text("3 of 3 voted").first.wait_for(timeout=30_000)
            print(f"the third vote on the projector after {time.monotonic() - start:.1f} s")
            teacher.get_by_role("button", name="Reveal to the class").click()
            for s in students:
                s.get_by_text("Your prediction", exact=True).first.wait_for(timeout=30_000)
            assert students[0].get_by_text("You predicted it.").first.is_visible()
            assert students[1].get_by_text("Not your prediction", exact=False).first.is_visible()
            phone.screenshot(path=str(tmp_path / "phone.png"))
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            wait_idle(teacher)
            teacher.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.click()  # the lesson
            teacher.keyboard.type("Gradient flow")
            teacher.keyboard.press("Enter")
            for s in students:
                s.get_by_role("button", name=re.compile("It grows")).wait_for(timeout=30_000)
            teacher.get_by_text("0 of 3 voted").first.wait_for(timeout=30_000)
            for page in [teacher] + students:
                assert page.locator('[data-testid="stException"]').count() == 0
            outside = [u for u in seen if urlsplit(u).scheme not in ("data", "blob", "about")
                       and urlsplit(u).netloc != origin]
            assert seen and not outside, outside[:5]
        finally:
            browser.close()
