"""Download buttons that hand over a static page (pages/): the layer tab's report of a net, and a
lesson's page. The page is built only when the button is clicked (a callable), and the click does
not rerun the app (`on_click="ignore"`); a scene adds its button with one call:

    pagefile.lesson_download("bottleneck", cfg, lang, width=w)

A scene whose lesson computes its numbers passes its cached function for them too (`study=`), so a
download computes nothing again.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..config import NetConfig
from ..i18n import t
from ..pages import lesson_page, net_report
from ..presets import name_of
from .cached import analysis


def download(build: Callable[[], str], file_name: str, key: str, lang: str) -> None:
    """One button that writes the page `build()` returns into `file_name`."""
    st.download_button(t("pg_download", lang), lambda: build().encode("utf-8"), file_name=file_name,
                       mime="text/html", key=key, on_click="ignore", help=t("pg_download_help", lang))


def report_download(cfg: NetConfig, lang: str) -> None:
    """The net's layer report (pages/report.py)."""
    name = name_of(cfg) or "resnet"
    download(lambda: net_report(analysis(cfg), lang).render(), f"{name}-{lang}.html", "pg_dl_report", lang)


def lesson_download(lesson: str, cfg: NetConfig, lang: str, **choices: object) -> None:
    """The lesson's page (pages/lessons.py) with the scene's choices."""
    download(lambda: lesson_page(lesson, cfg, lang, analysis=analysis, **choices).render(),
             f"lesson-{lesson}-{lang}.html", f"pg_dl_{lesson}", lang)
