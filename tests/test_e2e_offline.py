"""The page asks nothing of the internet: every request the app's page makes, while it opens every tab
and every lesson (by link) and reveals each answer, goes to the server it came from.

Every request is recorded (the browser context's request event and websockets) and routed: one to the
server's own origin goes on, any other is recorded and aborted, so nothing leaves even when a
regression adds a font, a CDN script or telemetry. The app's own config is what keeps the page
offline (.streamlit/config.toml: gatherUsageStats = false, serverAddress set), not a blocklist here.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from resnet_explorer.i18n import t
from resnet_explorer.ui import VIEWS
from resnet_explorer.ui.lessons import LESSONS

from .browser import ARGS, CHROMIUM, available, served_app, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(available() is not None, reason=str(available()))]

TABS = [tab for tab, _, _ in VIEWS]  # the first, the lessons, opens by default
LINKS = ([("en", {"lesson": name}) for name in LESSONS] + [("en", {"tab": tab}) for tab in TABS[1:]]
         + [("zh", {"lang": "zh", "lesson": "degradation"}), ("zh", {"lang": "zh", "tab": "diagrams"})])
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}  # never leave the browser


def _outside(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    own = parts.scheme in ("http", "ws") and parts.netloc == origin
    return parts.scheme not in LOCAL_SCHEMES and not own


def test_every_tab_and_lesson_requests_only_its_own_server():
    from playwright.sync_api import sync_playwright

    with served_app() as url, sync_playwright() as p:
        origin = urlsplit(url).netloc
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # Tall, so that every figure of a scene is on screen and drawn.
            context = browser.new_context(viewport={"width": 1280, "height": 2400})
            seen: list[str] = []
            context.on("request", lambda request: seen.append(request.url))
            context.route("**/*", lambda route: route.abort() if _outside(route.request.url, origin)
                          else route.continue_())
            page = context.new_page()
            page.on("websocket", lambda ws: seen.append(ws.url))
            for lang, params in LINKS:
                page.goto(f"{url}/?{urlencode(params)}", timeout=120_000)
                wait_idle(page, 240_000)
                reveal = page.get_by_role("button", name=t("ls_reveal", lang), exact=True)
                if reveal.count():
                    reveal.click()
                    # the answer has come once the button offers to hide it
                    page.get_by_role("button", name=t("ls_hide", lang), exact=True).wait_for(timeout=240_000)
                    wait_idle(page, 240_000)
                assert page.locator('[data-testid="stException"]').count() == 0, params
        finally:
            browser.close()
    outside = sorted({u for u in seen if _outside(u, origin)})
    assert not outside, f"requests beyond {origin}: {outside}"
    assert any(u.startswith(f"ws://{origin}/_stcore/stream") for u in seen)  # the recording works
    assert len(seen) > 100
