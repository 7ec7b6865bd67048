"""Screenshots of every lesson at 1280x720 in projector mode, English and Chinese, answer revealed:
`python benchmarks/screenshot_lessons.py [lesson ...]` writes docs/lesson-<lesson>-<lang>.png."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_explorer.i18n import t  # noqa: E402
from resnet_explorer.ui.lessons import LESSONS  # noqa: E402
from tests.browser import browser_page, served_app, wait_idle  # noqa: E402


def main(names: list[str]) -> None:
    with served_app() as url, browser_page(1280, 720) as page:
        for lesson in names or LESSONS:
            for lang in ("en", "zh"):
                page.goto(f"{url}/?lesson={lesson}&lang={lang}&projector=1", timeout=300_000)
                wait_idle(page, 300_000)
                page.get_by_role("button", name=t("ls_reveal", lang)).click()
                wait_idle(page, 300_000)
                page.wait_for_timeout(2500)  # plotly and graphviz draw after the script ends
                # scroll so the answer and the instrument are on screen, as a teacher would
                page.get_by_role("button", name=t("ls_hide", lang)).scroll_into_view_if_needed()
                page.mouse.wheel(0, 250)
                page.wait_for_timeout(800)
                out = ROOT / "docs" / f"lesson-{lesson}-{lang}.png"
                page.screenshot(path=str(out), full_page=False)
                print(out, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
