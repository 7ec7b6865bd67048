"""Pure: the look shared by every diagram (colours, shortcut line styles, number formats, legends).

Graphviz ignores the app's theme, so every node, edge and font colour is set here explicitly and the
diagrams read the same on a light or a dark page (they sit on their own white background).
"""

from __future__ import annotations

from types import MappingProxyType

import graphviz

from ..formatting import count_text
from ..i18n import t
from ..spec import OpKind, ShortcutKind

FONT = "Helvetica,Arial,sans-serif"
INK = "#1f2933"  # text and main-path lines
MUTED = "#7b8794"  # notes, the plain twin's missing shortcuts
BACKGROUND = "#ffffff"
CLUSTER_FILL = "#f5f7fa"
SHORTCUT = "#1565c0"  # every shortcut is blue so the eye finds the bypass first
ADD_FILL = "#fff3c4"

# The paper (He et al. 2015, Fig. 3) draws identity shortcuts solid and projections dotted; option A's
# zero-padding gets dashes so the three can be told apart in black and white too.
SHORTCUT_STYLE = MappingProxyType({
    ShortcutKind.IDENTITY: "solid",
    ShortcutKind.ZERO_PAD: "dashed",
    ShortcutKind.PROJECTION: "dotted",
})

OP_FILL = MappingProxyType({
    OpKind.CONV: "#e3f2fd",
    OpKind.BN: "#f1f8e9",
    OpKind.RELU: "#fce4ec",
    OpKind.MAXPOOL: "#ede7f6",
    OpKind.AVGPOOL: "#ede7f6",
    OpKind.FC: "#e0f2f1",
    OpKind.ZERO_PAD: "#ffffff",
    OpKind.IDENTITY: "#ffffff",
    OpKind.ADD: ADD_FILL,
})

# ColorBrewer YlOrRd, 7 classes: sequential and readable for colour-blind viewers.
METRIC_PALETTE = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")
NO_VALUE_FILL = "#e4e7eb"


def new_graph(name: str, rankdir: str = "TB") -> graphviz.Digraph:
    g = graphviz.Digraph(name)
    g.attr(rankdir=rankdir, bgcolor=BACKGROUND, fontname=FONT, fontcolor=INK, fontsize="12",
           nodesep="0.25", ranksep="0.3", newrank="true")
    g.attr("node", fontname=FONT, fontcolor=INK, fontsize="11", color=INK, shape="box",
           style="rounded,filled", fillcolor="#ffffff", margin="0.12,0.05", height="0.3")
    # Main-path edges are the default (heavy weight keeps the main path straight); shortcut edges
    # override it. Defaults matter: attribute quoting is most of the build time of a big diagram.
    g.attr("edge", fontname=FONT, fontcolor=INK, fontsize="9", color=INK, arrowsize="0.6", weight="10")
    return g


# Nodes and edges repeat by the thousand in an expanded ResNet-1202, and the graphviz package's
# regex-based quoting was most of the build time; these write the same DOT statements directly.
def q(text: str) -> str:
    """A DOT double-quoted string (as graphviz quotes any string that is not a plain identifier)."""
    return '"' + text.replace('"', '\\"') + '"'


def attrs_text(attrs: dict[str, str]) -> str:
    return " ".join(f"{k}={q(v)}" for k, v in attrs.items())


def node_line(g: graphviz.Digraph, node_id: str, label: str, attrs: str) -> None:
    """Append `node_id [label=... attrs]`; `attrs` comes from attrs_text (build it once if fixed)."""
    g.body.append(f"\t{q(node_id)} [label={q(label)} {attrs}]\n")


def edge_line(g: graphviz.Digraph, src: str, dst: str, label: str, attrs: str) -> None:
    g.body.append(f"\t{q(src)} -> {q(dst)} [label={q(label)} {attrs}]\n")


_ADD_ATTRS = attrs_text({"shape": "circle", "style": "filled", "fillcolor": ADD_FILL, "color": INK,
                         "fontsize": "22", "width": "0.45", "height": "0.45", "fixedsize": "true",
                         "class": "add"})
# weight 0 lets the bypass bend around the main path instead of pulling it sideways.
_SHORTCUT_ATTRS = MappingProxyType({kind: attrs_text({
    "color": SHORTCUT, "fontcolor": SHORTCUT, "style": style, "penwidth": "2.4", "weight": "0",
    "class": f"shortcut {kind.value}"}) for kind, style in SHORTCUT_STYLE.items()})
_MAIN_ATTRS = attrs_text({"class": "main"})


def add_node(g: graphviz.Digraph, node_id: str, tooltip: str) -> None:
    """The explicit addition: the point where the shortcut joins the residual branch."""
    node_line(g, node_id, "⊕", f"tooltip={q(tooltip)} {_ADD_ATTRS}")


def shortcut_edge(g: graphviz.Digraph, src: str, dst: str, kind: ShortcutKind, label: str,
                  tooltip: str = "") -> None:
    tip = f"tooltip={q(tooltip)} " if tooltip else ""
    edge_line(g, src, dst, _pad(label), tip + _SHORTCUT_ATTRS[kind])


def shortcut_op_attrs(kind: ShortcutKind) -> dict[str, str]:
    """A node on a shortcut (option A's zero-padding, a projection) in the shortcut's colour and its
    line style from SHORTCUT_STYLE, so a projection reads as one with its edges."""
    return {"color": SHORTCUT, "style": f"rounded,filled,{SHORTCUT_STYLE[kind]}", "penwidth": "2"}


def main_edge(g: graphviz.Digraph, src: str, dst: str, label: str) -> None:
    edge_line(g, src, dst, _pad(label), _MAIN_ATTRS)


def _pad(label: str) -> str:
    """Leading spaces keep an edge label off its line where the browser's font runs wider than
    dot's estimate."""
    return "\n".join(f"  {line}" for line in label.split("\n")) if label else label


def shortcut_legend(g: graphviz.Digraph, lang: str, kinds: tuple[ShortcutKind, ...], plain: bool) -> None:
    """A small cluster naming each line style used in this diagram."""
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label=t("dg_legend", lang), style="rounded,filled", fillcolor=CLUSTER_FILL,
               color=MUTED, fontsize="10")
        c.attr("node", shape="plaintext", style="", fontsize="10", width="0", height="0", margin="0.02")
        for kind in kinds:
            a, b = f"legend_{kind.value}_a", f"legend_{kind.value}_b"
            c.node(a, "", **{"class": "legend"})
            c.node(b, t(f"dg_shortcut_{kind.value}", lang), **{"class": "legend"})
            c.edge(a, b, color=SHORTCUT, style=SHORTCUT_STYLE[kind], penwidth="2.4", arrowhead="none",
                   **{"class": "legend"})
        if plain:
            c.node("legend_none", t("dg_no_shortcut", lang), fontcolor=MUTED, **{"class": "legend"})


def no_shortcut_note(g: graphviz.Digraph, node_id: str, split: str, lang: str,
                     beside: str = "") -> None:
    """The plain twin: a grey dashed line from where the shortcut would leave, ending in a bar at a
    "no shortcut" note, so its absence is as visible as a shortcut would be. With `beside`, the
    note sits next to that node instead (keeps a folded network straight)."""
    g.node(node_id, t("dg_no_shortcut", lang), shape="note", style="dashed", color=MUTED,
           fontcolor=MUTED, fontsize="9", tooltip=t("dg_no_shortcut_tip", lang), **{"class": "note"})
    if beside:
        with g.subgraph() as row:
            row.attr(rank="same")
            row.node(beside)
            row.node(node_id)
        g.edge(beside, node_id, style="dashed", color=MUTED, arrowhead="tee", **{"class": "note"})
        return
    g.edge(split, node_id, style="dashed", color=MUTED, arrowhead="tee", weight="0",
           tooltip=t("dg_no_shortcut_tip", lang), **{"class": "note"})


def metric_fill(value: float | None, lo: float, hi: float) -> tuple[str, str]:
    """(fill, font colour) of a value on the sequential palette; grey where a value is missing."""
    if value is None:
        return NO_VALUE_FILL, INK
    frac = 0.0 if hi <= lo else (value - lo) / (hi - lo)
    i = min(len(METRIC_PALETTE) - 1, max(0, int(frac * len(METRIC_PALETTE))))
    return METRIC_PALETTE[i], ("#ffffff" if i >= len(METRIC_PALETTE) - 2 else INK)


def metric_legend(g: graphviz.Digraph, title: str, lo: float, hi: float) -> None:
    """One HTML-table node: a swatch per palette step with the value range it stands for."""
    n = len(METRIC_PALETTE)
    cells = []
    for i, colour in enumerate(METRIC_PALETTE):
        a, b = lo + (hi - lo) * i / n, lo + (hi - lo) * (i + 1) / n
        font = "#ffffff" if i >= n - 2 else INK
        cells.append(f'<TD BGCOLOR="{colour}"><FONT COLOR="{font}" POINT-SIZE="9">'
                     f"{count_text(a)}–{count_text(b)}</FONT></TD>")
    html = (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="{MUTED}">'
            f'<TR><TD COLSPAN="{n}"><FONT POINT-SIZE="10">{_html_escape(title)}</FONT></TD></TR>'
            f'<TR>{"".join(cells)}</TR></TABLE>>')
    g.node("metric_legend", html, shape="plaintext", style="", **{"class": "legend"})


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
