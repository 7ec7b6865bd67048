"""Screenshots of the running app for the README and for looking at it: `python benchmarks/screenshot.py
[layers|diagrams|lab ...]`. The lab one trains the default twin run (about a minute) and shows it finished.

Writes docs/screenshot-*.png. Needs playwright and Debian's chromium.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, served_app, wait_idle  # noqa: E402

PAGES = {"layers": "?preset=resnet50&tab=layers", "diagrams": "?preset=resnet50&tab=diagrams",
         "lab": "?preset=resnet20&tab=lab"}


def main(names: list[str]) -> None:
    with served_app() as url:
        for name in names or PAGES:
            with browser_page(1440, 2600 if name == "lab" else 1100) as page:  # the lab: its plots too
                shoot(page, url, name)


def shoot(page, url: str, name: str) -> None:
    page.goto(url + "/" + PAGES[name], timeout=60_000)
    wait_idle(page)
    if name == "lab":
        page.get_by_role("button", name="Start training").click()
        page.get_by_text(re.compile("^Finished in")).first.wait_for(timeout=600_000)
        wait_idle(page)
    page.wait_for_timeout(2500)  # data grids, plotly and graphviz draw after the script ends
    out = ROOT / "docs" / f"screenshot-{name}.png"
    page.screenshot(path=str(out))
    print(out, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
