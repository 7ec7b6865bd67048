"""Screenshots of the running app for the README and for looking at it: `python benchmarks/screenshot.py`.

Writes docs/screenshot-*.png. Needs playwright and Debian's chromium.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, served_app, wait_idle  # noqa: E402

PAGES = {"layers": ("?preset=resnet50", None), "diagrams": ("?preset=resnet50", 1),
         "lab": ("?preset=resnet20", 2)}


def main(names: list[str]) -> None:
    with served_app() as url, browser_page(1440, 1100) as page:
        for name in names or PAGES:
            query, tab = PAGES[name]
            page.goto(url + "/" + query, timeout=60_000)
            wait_idle(page)
            page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
            if tab is not None:
                page.get_by_role("tab").nth(tab).click()
                page.wait_for_timeout(2500)
            page.wait_for_timeout(2000)  # data grids draw on a canvas after the script ends
            out = ROOT / "docs" / f"screenshot-{name}.png"
            page.screenshot(path=str(out), full_page=False)
            print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
