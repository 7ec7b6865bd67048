"""Screenshots of class mode, English and Chinese: the projector (the teacher's page at 1280x720 in
projector mode, five students' votes in) and a student's phone (360x740) with its prediction, then
after the reveal. `python benchmarks/screenshot_class.py` writes docs/class-projector-<lang>.png,
docs/class-phone-<lang>.png and docs/class-phone-answer-<lang>.png."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_explorer.classroom import LETTERS  # noqa: E402
from resnet_explorer.i18n import t  # noqa: E402
from tests.browser import ARGS, CHROMIUM, served_app, wait_idle  # noqa: E402

VOTES = (0, 0, 1, 2, 1)  # the last student is the phone
LESSON = "lesion"


def shoot(browser, url: str, lang: str) -> None:
    teacher = browser.new_page(viewport={"width": 1280, "height": 720})
    teacher.goto(f"{url}/?class=new&lesson={LESSON}&projector=1&lang={lang}", timeout=300_000)
    teacher.get_by_text(t("cl_join_title", lang)).first.wait_for(timeout=300_000)
    link = teacher.get_by_text(re.compile(r"\?join=")).first.inner_text().strip()
    teacher.locator('[data-testid="stMain"] img').first.wait_for(timeout=60_000)
    students = []
    for i, choice in enumerate(VOTES):
        phone = i == len(VOTES) - 1
        size = {"width": 360, "height": 740} if phone else {"width": 800, "height": 600}
        s = browser.new_page(viewport=size)
        s.goto(link, timeout=120_000)
        label = t(f"cl_poll_{LESSON}_{choice}", lang)
        s.get_by_role("button", name=re.compile(re.escape(label))).click()
        mine = t("cl_your_vote", lang, letter=LETTERS[choice]).replace("**", "")
        s.get_by_text(mine).first.wait_for(timeout=60_000)
        students.append(s)
    voted = t("cl_voted", lang, n=len(VOTES), m=len(VOTES))
    teacher.get_by_text(voted).first.wait_for(timeout=30_000)
    teacher.wait_for_timeout(1500)  # plotly draws after the text
    teacher.get_by_text(t("ls_question", lang)).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    teacher.mouse.wheel(0, -40)
    teacher.wait_for_timeout(800)
    save(teacher, f"class-projector-{lang}.png")
    phone = students[-1]
    phone.wait_for_timeout(500)
    save(phone, f"class-phone-{lang}.png")
    teacher.get_by_role("button", name=t("cl_reveal", lang)).click()
    phone.get_by_text(t("cl_yours_h", lang), exact=True).first.wait_for(timeout=30_000)
    wait_idle(phone)
    save(phone, f"class-phone-answer-{lang}.png")
    teacher.get_by_role("button", name=t("cl_end", lang)).click()
    for page in [teacher] + students:
        page.close()


def save(page, name: str) -> None:
    out = ROOT / "docs" / name
    page.screenshot(path=str(out), full_page=False)
    print(out, flush=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with served_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for lang in ("en", "zh"):
                shoot(browser, url, lang)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
