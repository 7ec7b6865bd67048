"""Pure: one self-contained HTML page built piece by piece (no Streamlit).

    page = Page("5. Bottleneck economics", "en")
    page.text("A bottleneck block ...")              # Markdown, raw HTML in it escaped
    page.formula("y = F(x) + x")                     # a displayed formula, as plain Unicode text
    page.question("Which has more weights?", "...")  # the answer folded in a <details>
    page.figure(fig, "resnet18 (depth 18) ...")      # interactive Plotly, its summary under it
    page.diagram(graph, "layer1.0 of resnet50 ...")  # inline SVG, the text as its <title> and caption
    page.table({"layer": [...], "params": [...]})
    html = page.render()

What opens from disk loads nothing: plotly.js is written into the file once (only when a figure is
there), diagrams are SVG rendered by Graphviz's `dot` (without it the page says so and shows the DOT
text), no image, font or style sheet is linked, and a Content-Security-Policy forbids any fetch the
page could still try. The texts' Markdown is rendered by markdown-it-py with HTML off and images
off (an image in a text would be fetched).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import graphviz
import plotly.graph_objects as go
from markdown_it import MarkdownIt
from plotly.offline import get_plotlyjs

from ..formatting import num
from ..i18n import t
from .svg import inline_svg

HTML_LANG = {"en": "en", "zh": "zh-Hans"}
# Inline scripts and styles only; nothing from anywhere, not even the file's own folder.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data: blob:; font-src data:")
STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; color: #1b1f24; line-height: 1.5; }
h1 { font-size: 1.9rem; } h2 { font-size: 1.4rem; margin-top: 2.2rem; }
.question { background: #eaf3fb; border-left: 4px solid #0072B2; padding: 0.6rem 1rem; margin: 1rem 0; }
details { margin-top: 0.6rem; } summary { cursor: pointer; font-weight: 600; }
.summary, figcaption { color: #1b1f24; font-size: 0.98rem; margin: 0.3rem 0 1.4rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.table { overflow-x: auto; margin: 0.5rem 0 1.2rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #c9d1d9; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.formula { font-family: "Cambria Math", "STIX Two Math", "Latin Modern Math", serif; font-size: 1.25rem;
           text-align: center; margin: 1.2rem 0; white-space: pre-wrap; }
pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
footer { margin-top: 3rem; color: #57606a; font-size: 0.85rem; }
"""


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def _cell(value: object) -> tuple[str, bool]:
    """(escaped text, numeric?): whole numbers with thousands separators; text as it is."""
    if isinstance(value, bool) or value is None:
        return html.escape("" if value is None else str(value)), False
    if isinstance(value, int):
        return num(value), True
    if isinstance(value, float):
        return f"{value:.4g}", True
    return html.escape(str(value)), False


def table_html(columns: Mapping[str, Sequence[object]], caption: str = "") -> str:
    """An HTML table of columns of equal length, by header (ValueError if they differ)."""
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in columns)
    rows = []
    for values in zip(*columns.values()):
        cells = [_cell(v) for v in values]
        rows.append("<tr>" + "".join(f'<td class="num">{c}</td>' if n else f"<td>{c}</td>" for c, n in cells)
                    + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="table"><table>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


class Page:
    """A page in one language; each method adds a part below the last and returns the page."""

    def __init__(self, title: str, lang: str = "en"):
        if lang not in HTML_LANG:
            raise ValueError(f"language {lang!r}: choose one of {', '.join(HTML_LANG)}")
        self.title, self.lang = title, lang
        self.parts: list[str] = []
        self.figures = 0
        self.diagrams = 0
        self._md = _markdown()

    def heading(self, text: str, level: int = 2) -> Page:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")
        return self

    def text(self, markdown: str) -> Page:
        self.parts.append(self._md.render(markdown))
        return self

    def formula(self, text: str) -> Page:
        """A displayed formula written in Unicode (∂, ·, ×): nothing to load to typeset it."""
        self.parts.append(f'<p class="formula" role="math" aria-label="{html.escape(text)}">'
                          f"{html.escape(text)}</p>")
        return self

    def caption(self, text: str, markdown: bool = False) -> Page:
        """A line of small text: plain (a chart's summary, a name that is not Markdown), or with
        `markdown`, inline Markdown as the app's captions render it (`a command` as code)."""
        body = self._md.renderInline(text) if markdown else html.escape(text)
        self.parts.append(f'<p class="summary">{body}</p>')
        return self

    def question(self, question: str, answer: str,
                 table: Mapping[str, Sequence[object]] | None = None) -> Page:
        """The question to put to the class; its answer (and a table that gives it away) folded in a
        <details>, so a teacher can ask first."""
        label = html.escape(t("pg_question", self.lang))
        extra = table_html(table) if table else ""
        self.parts.append(f'<div class="question"><strong>{label}</strong> {self._md.renderInline(question)}'
                          f'<details><summary>{html.escape(t("pg_answer", self.lang))}</summary>'
                          f"{self._md.render(answer)}{extra}</details></div>")
        return self

    def figure(self, fig: go.Figure, summary: str) -> Page:
        """An interactive Plotly chart and the sentence that says what it shows."""
        self.figures += 1
        height = f"{fig.layout.height or 450}px"
        div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{self.figures}",
                          default_height=height, default_width="100%",
                          config={"displaylogo": False, "responsive": True})
        self.parts.append(f'<figure class="chart">{div}<figcaption class="summary">{html.escape(summary)}'
                          "</figcaption></figure>")
        return self

    def diagram(self, graph: graphviz.Digraph | graphviz.Source | str, alt: str) -> Page:
        """A diagram as inline SVG with `alt` as its title and caption; without Graphviz's `dot`, a
        note and the DOT text."""
        source = graph if isinstance(graph, str) else graph.source
        self.diagrams += 1
        svg = inline_svg(source, alt, f"d{self.diagrams}-")
        if svg is None:
            body = (f'<p class="no-dot">{html.escape(t("pg_no_dot", self.lang))}</p>'
                    f"<pre>{html.escape(source)}</pre>")
        else:
            body = svg
        self.parts.append(f'<figure class="diagram">{body}<figcaption>{html.escape(alt)}</figcaption>'
                          "</figure>")
        return self

    def table(self, columns: Mapping[str, Sequence[object]], caption: str = "") -> Page:
        """Columns of equal length, by header; numbers right-aligned and written out in full."""
        self.parts.append(table_html(columns, caption))
        return self

    def render(self) -> str:
        """The whole page; plotly.js inside it once, only if it has a figure."""
        script = f'<script type="text/javascript">{get_plotlyjs()}</script>' if self.figures else ""
        return "\n".join([
            "<!DOCTYPE html>",
            f'<html lang="{HTML_LANG[self.lang]}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(self.title)}</title>",
            f"<style>{STYLE}</style>",
            script,
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{html.escape(self.title)}</h1>",
            *self.parts,
            f"<footer>{html.escape(t('pg_footer', self.lang))}</footer>",
            "</main>",
            "</body>",
            "</html>",
        ])
