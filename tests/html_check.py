"""Reading a static page in tests: well-formed HTML (every element closes in order), its tables' cells
and its attributes, the text it shows (all of it, what a <details> folds, the captions of figures);
the page less plotly.js; and the check that it names no address to load."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
PLOTLY_SCRIPT = '<script type="text/javascript">'


class Reader(HTMLParser):
    """Checks that every element closes in order, and collects the tables' cells and the attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.attrs: list[tuple[str, str, str | None]] = []
        self.lang = None
        self.shown: list[str] = []  # the text a reader sees (not scripts or styles), by text node
        self.folded: list[str] = []  # the text inside a <details>
        self.figcaptions: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.stack and self.stack[-1] in ("script", "style"):
            return
        self.shown.append(data)
        if "details" in self.stack:
            self.folded.append(data)
        if "figcaption" in self.stack:
            self.figcaptions.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    assert reader.stack == [], reader.stack
    return reader


def outside_plotly(html: str) -> str:
    """The page less the plotly.js library (whose code mentions addresses it never loads here)."""
    start = html.find(PLOTLY_SCRIPT)
    return html if start < 0 else html[:start] + html[html.index("</script>", start):]


def no_address(html: str) -> None:
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", outside_plotly(html), re.I)
    assert "<img" not in html and "<link" not in html and "@import" not in html and "url(" not in \
        outside_plotly(html).replace("url(#", "")
