"""A drawing of the whole decision guide, from the declared tree, in one language (SVG).

Layered layout, left to right: each question or outcome sits in the column of its longest
way from the start; a link that skips columns runs through reserved gaps in them, so that it
never crosses a box. A question's box lists its answers, each with the line to where it
leads. No script, no web font: the SVG is a plain image for the support staff's page.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from markupsafe import escape

from guide.fund import Fund
from guide.i18n import N_
from guide.texts import Texts
from guide.tree import Flow, Question, load_flow

BOX_WIDTH = 260
COLUMN_GAP = 90
PADDING = 8
LINE_HEIGHT = 15
WRAP = 32                 # characters per line at 12 px (bold) in a 260 px box
ROW_GAP = 18              # between two boxes of a column
PASSAGE_HEIGHT = 10       # the room a passing link takes in a column
MARGIN = 20
HEADER_HEIGHT = 88        # title and legend

STYLE = {   # fill, stroke: contrast of the text (#1a1a1a) on each fill is above 12:1
    "question": ("#ffffff", "#1f4e79"),
    "self-service": ("#e7f4ea", "#1e6b32"),
    "request": ("#fff1e0", "#9a4f00"),
    "support": ("#e9eefb", "#34469c"),
}
LEGEND = (
    ("question", N_("Question")),
    ("self-service", N_("À faire soi-même dans connect")),
    ("request", N_("Demande à la caisse de compensation")),
    ("support", N_("Contacter le support")),
)


@dataclass
class Box:
    id: str
    kind: str
    layer: int
    head: list[str]                                  # the question or the outcome's title
    rows: list[list[str]] = field(default_factory=list)   # a question's answers
    y: float = 0.0

    @property
    def height(self) -> float:
        lines = len(self.head) + sum(len(row) for row in self.rows)
        return 2 * PADDING + lines * LINE_HEIGHT + len(self.rows) * 6

    @property
    def x(self) -> float:
        return MARGIN + self.layer * (BOX_WIDTH + COLUMN_GAP)

    def port(self, row: int) -> float:
        """The height at which the line of answer `row` leaves the box."""
        y = self.y + PADDING + len(self.head) * LINE_HEIGHT + 6
        for index, lines in enumerate(self.rows):
            if index == row:
                return y + len(lines) * LINE_HEIGHT / 2
            y += len(lines) * LINE_HEIGHT + 6
        raise IndexError(row)


@dataclass
class Passage:
    """Where a link crosses a column it does not stop in."""
    edge: int
    layer: int
    y: float = 0.0
    height: float = PASSAGE_HEIGHT


def _layers(flow: Flow) -> dict[str, int]:
    """Longest way from the start: every link points to a later column."""
    layer = {flow.start: 0}
    order = [flow.start]
    for node_id in order:          # breadth first, raising a node's column when needed
        question = flow.questions.get(node_id)
        for option in question.options if question else ():
            if layer.get(option.next, -1) < layer[node_id] + 1:
                layer[option.next] = layer[node_id] + 1
                order.append(option.next)
    return layer


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP) or [""]


def layout(flow: Flow, texts: Texts):
    layer_of = _layers(flow)
    boxes: dict[str, Box] = {}
    for node_id, layer in layer_of.items():
        node = flow.node(node_id)
        if isinstance(node, Question):
            boxes[node_id] = Box(node_id, "question", layer, _wrap(texts.plain(node.text)),
                                 [_wrap(texts.plain(option.label)) for option in node.options])
        else:
            boxes[node_id] = Box(node_id, node.type, layer, _wrap(texts.plain(node.title)))
    edges = [(question.id, row, option.next)
             for question in flow.questions.values() if question.id in boxes
             for row, option in enumerate(question.options)]
    columns: dict[int, list] = {}
    # First placement: each column in the order its members are first reached.
    for box in sorted(boxes.values(), key=lambda b: list(layer_of).index(b.id)):
        columns.setdefault(box.layer, []).append(box)
    passages = []
    for index, (source, _, target) in enumerate(edges):
        for layer in range(boxes[source].layer + 1, boxes[target].layer):
            passage = Passage(index, layer)
            passages.append(passage)
            columns[layer].append(passage)

    def incoming_y(item) -> float:
        if isinstance(item, Passage):
            source, row, _ = edges[item.edge]
            previous = [p for p in passages if p.edge == item.edge and p.layer == item.layer - 1]
            return previous[0].y if previous else boxes[source].port(row)
        ys = [boxes[s].port(r) for s, r, t in edges if t == item.id]
        ys += [p.y for p in passages if edges[p.edge][2] == item.id and p.layer == item.layer - 1]
        return (sum(ys) / len(ys) - item.height / 2) if ys else 0.0

    top = MARGIN + HEADER_HEIGHT
    for layer in sorted(columns):
        column = columns[layer]
        if layer:
            column.sort(key=incoming_y)     # each item near the links that come into it
        bottom = top
        for item in column:
            item.y = max(bottom, incoming_y(item)) if layer else bottom
            bottom = item.y + item.height + (ROW_GAP if isinstance(item, Box) else 4)
    return boxes, edges, passages


def _text_lines(lines: list[str], x: float, y: float, *, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return "".join(f'<text x="{x:.0f}" y="{y + (i + 1) * LINE_HEIGHT - 4:.0f}"{weight}>{escape(line)}</text>'
                   for i, line in enumerate(lines))


def _curve(points: list[tuple[float, float]]) -> str:
    """Smooth horizontal-tangent curve through the points."""
    path = f"M{points[0][0]:.0f},{points[0][1]:.0f}"
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        middle = (x0 + x1) / 2
        path += f" C{middle:.0f},{y0:.0f} {middle:.0f},{y1:.0f} {x1:.0f},{y1:.0f}"
    return path


def render_svg(lang: str, fund: Fund, flow: Flow | None = None) -> str:
    """The whole tree in one language, as an accessible SVG image."""
    flow = flow or load_flow()
    texts = Texts(lang, fund)
    boxes, edges, passages = layout(flow, texts)
    width = MARGIN * 2 + (max(b.layer for b in boxes.values()) + 1) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP
    height = max(b.y + b.height for b in boxes.values()) + MARGIN
    title = texts.plain(N_("Le guide en un coup d'œil : toutes les questions, réponses et solutions"))
    description = texts.plain(N_("Chaque question mène, selon la réponse, à une autre question ou à une solution."))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="guide-tree-title guide-tree-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="12" '
        f'fill="#1a1a1a">',
        f'<title id="guide-tree-title">{escape(title)}</title>',
        f'<desc id="guide-tree-desc">{escape(description)}</desc>',
        f'<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 16}" font-size="18" font-weight="bold">{escape(title)}</text>',
    ]
    x = MARGIN
    for kind, label in LEGEND:
        fill, stroke = STYLE[kind]
        text = texts.plain(label)
        parts.append(f'<rect x="{x}" y="{MARGIN + 34}" width="16" height="16" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                     f'<text x="{x + 22}" y="{MARGIN + 47}">{escape(text)}</text>')
        x += 40 + len(text) * 7
    for index, (source, row, target) in enumerate(edges):
        start = (boxes[source].x + BOX_WIDTH, boxes[source].port(row))
        middle = []
        for passage in sorted((p for p in passages if p.edge == index), key=lambda p: p.layer):
            column_x = MARGIN + passage.layer * (BOX_WIDTH + COLUMN_GAP)
            y = passage.y + passage.height / 2
            middle += [(column_x, y), (column_x + BOX_WIDTH, y)]
        end_box = boxes[target]
        end = (end_box.x, end_box.y + min(end_box.height / 2, 20))
        parts.append(f'<path d="{_curve([start, *middle, end])}" fill="none" stroke="#5f6b7a" stroke-width="1.3"/>'
                     f'<circle cx="{end[0]:.0f}" cy="{end[1]:.0f}" r="3" fill="#5f6b7a"/>')
    for box in boxes.values():
        fill, stroke = STYLE[box.kind]
        parts.append(f'<g><rect x="{box.x:.0f}" y="{box.y:.0f}" width="{BOX_WIDTH}" height="{box.height:.0f}" rx="6" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
        parts.append(_text_lines(box.head, box.x + PADDING, box.y + PADDING, bold=True))
        y = box.y + PADDING + len(box.head) * LINE_HEIGHT + 6
        for lines in box.rows:
            parts.append(f'<line x1="{box.x:.0f}" x2="{box.x + BOX_WIDTH:.0f}" y1="{y - 3:.0f}" y2="{y - 3:.0f}" '
                         f'stroke="{stroke}" stroke-opacity="0.35"/>')
            parts.append(_text_lines(lines, box.x + PADDING + 8, y))
            y += len(lines) * LINE_HEIGHT + 6
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
