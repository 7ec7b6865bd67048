"""Static pages: one self-contained HTML file (texts, interactive charts, diagrams, tables) that opens
from disk with no network, in English or 简体中文. Pure: no Streamlit.

- page.py              `Page`, the builder: text, formula, question, figure, diagram, table, render
- svg.py               a diagram as inline SVG (Graphviz's `dot`)
- report.py            `net_report`: a net's layer tab as a page
- lessons.py           `LESSON_PAGES`: a lesson's name -> the function that writes its page; the pages
                       of the lessons that compute from the net alone (block, bottleneck)
- recorded_lessons.py  the lessons read from shipped recordings (degradation, lesion, gradflow)
- forward_lessons.py   the lessons that run the shipped nets forward (batchnorm, responses)
- cli.py               `resnet-explorer page --preset NAME | --lesson NAME --lang en|zh -o FILE`
"""

from __future__ import annotations

from .lessons import LESSON_PAGES, LESSONS, lesson_page
from .page import Page
from .report import net_report

__all__ = ["LESSONS", "LESSON_PAGES", "Page", "lesson_page", "net_report"]
