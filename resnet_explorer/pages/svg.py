"""Pure: a Graphviz diagram as SVG to write inside an HTML page, rendered by `dot`.

What `dot` writes is cut to the <svg> element: the XML prolog, the DOCTYPE (which names the SVG 1.1
DTD by URL) and the namespace declarations (an HTML parser needs none) are left out, so the page
names no address. The text alternative becomes the SVG's <title> (its accessible name) in place of
the graph's internal name, and every id gets a prefix of its own: two diagrams on one page would
otherwise both have "graph0", "node1", ...
"""

from __future__ import annotations

import html
import re

import graphviz

from .. import diagrams

_NAMESPACE = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def inline_svg(source: str, alt: str, prefix: str) -> str | None:
    """The SVG of a DOT text, ready to inline; None where `dot` is not installed."""
    if not diagrams.can_render():
        return None
    svg = graphviz.Source(source).pipe(format="svg").decode("utf-8")
    svg = svg[svg.index("<svg"):].strip()
    head_end = svg.index(">") + 1
    head = _NAMESPACE.sub("", svg[:head_end - 1]) + f' role="img" aria-label="{html.escape(alt)}">'
    body = _TITLE.sub("", svg[head_end:], count=1)  # the graph's own name
    body = re.sub(r'\bid="', f'id="{prefix}', body)
    body = body.replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    return f"{head}\n<title>{html.escape(alt)}</title>{body}"
