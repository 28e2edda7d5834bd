"""Charts of the report figures, drawn once as shapes and written out as SVG (for
the pages, no script) or as a reportlab Drawing (for the PDF report).

Every chart carries a title and a description that reads out its numbers, and
every bar and point is labelled with its value, so colour is never the only way
to tell things apart.
"""

import itertools
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

INK = "#1b1b1b"
GRID = "#6b6b6b"
SERIES_FILLS = ("#1d4f91", "#9c3d00")  # both at least 7:1 against white
FONT_SIZE = 14
ROW_HEIGHT = 26
LABEL_WIDTH = 190
WIDTH = 640

_ids = itertools.count(1)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple
    stroke: str = INK
    width: float = 1


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    bold: bool = False
    size: int = FONT_SIZE


@dataclass
class Chart:
    title: str
    description: str
    width: float
    height: float
    shapes: list = field(default_factory=list)

    def svg(self):
        """Inline SVG for a page; colours as attributes, so the page's
        Content-Security-Policy (no inline style) allows it."""
        number = next(_ids)
        title_id, desc_id = f"chart-{number}-title", f"chart-{number}-desc"
        parts = [
            f'<svg class="report-chart" viewBox="0 0 {self.width:.0f} '
            f'{self.height:.0f}" role="img" aria-labelledby="{title_id} {desc_id}" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" '
            f'font-size="{FONT_SIZE}">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description)}</desc>',
        ]
        for shape in self.shapes:
            parts.append(_svg_shape(shape))
        parts.append("</svg>")
        return mark_safe("".join(parts))

    def drawing(self, scale=1.0):
        """The same chart as a reportlab Drawing (for platypus), `scale` times."""
        from reportlab.graphics.shapes import Circle, Drawing, PolyLine, String
        from reportlab.graphics.shapes import Rect as RLRect
        from reportlab.lib import colors

        from literacy_site import pdf

        family = pdf.register_fonts()
        drawing = Drawing(self.width * scale, self.height * scale)
        drawing.initialFontName = family

        def y(value):
            return (self.height - value) * scale

        for shape in self.shapes:
            if isinstance(shape, Rect):
                drawing.add(
                    RLRect(
                        shape.x * scale,
                        y(shape.y + shape.height),
                        shape.width * scale,
                        shape.height * scale,
                        fillColor=colors.HexColor(shape.fill),
                        strokeColor=None,
                    )
                )
            elif isinstance(shape, Line):
                points = []
                for px, py in shape.points:
                    points += [px * scale, y(py)]
                drawing.add(
                    PolyLine(
                        points,
                        strokeColor=colors.HexColor(shape.stroke),
                        strokeWidth=shape.width * scale,
                    )
                )
            elif isinstance(shape, Dot):
                drawing.add(
                    Circle(
                        shape.x * scale,
                        y(shape.y),
                        shape.radius * scale,
                        fillColor=colors.HexColor(shape.fill),
                        strokeColor=None,
                    )
                )
            elif isinstance(shape, Text):
                drawing.add(
                    String(
                        shape.x * scale,
                        y(shape.y),
                        shape.text,
                        fontName=f"{family}-Bold" if shape.bold else family,
                        fontSize=shape.size * scale,
                        fillColor=colors.HexColor(INK),
                        textAnchor=shape.anchor,
                    )
                )
        return drawing


def _svg_shape(shape):
    if isinstance(shape, Rect):
        return (
            f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" '
            f'height="{shape.height:.1f}" fill="{shape.fill}"/>'
        )
    if isinstance(shape, Line):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{shape.width}"/>'
        )
    if isinstance(shape, Dot):
        return (
            f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.radius}" '
            f'fill="{shape.fill}"/>'
        )
    weight = ' font-weight="bold"' if shape.bold else ""
    size = f' font-size="{shape.size}"' if shape.size != FONT_SIZE else ""
    return (
        f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" text-anchor="{shape.anchor}" '
        f'fill="{INK}"{weight}{size}>{escape(shape.text)}</text>'
    )


def _clip(label, length=26):
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"


def _describe(items):
    return "; ".join(f"{label}: {value}" for label, value in items)


def _written(value):
    return "< 5" if value is None else f"{value:,}".replace(",", ".")


def bar_chart(title, items, *, hidden_allowed=False):
    """Horizontal bars, one per (label, value), the value written after each.
    With `hidden_allowed`, a value None is a hidden small count: "< 5", no bar."""
    items = [
        (str(label), None if value is None and hidden_allowed else value or 0)
        for label, value in items
    ]
    top = 8
    height = top + ROW_HEIGHT * max(1, len(items)) + 8
    described = [(label, "< 5" if value is None else value) for label, value in items]
    chart = Chart(title, _describe(described), WIDTH, height)
    largest = max([value or 0 for _label, value in items] + [1])
    room = WIDTH - LABEL_WIDTH - 70
    for row, (label, value) in enumerate(items):
        y = top + row * ROW_HEIGHT
        chart.shapes.append(
            Text(LABEL_WIDTH - 8, y + ROW_HEIGHT * 0.65, _clip(label), anchor="end")
        )
        length = room * (value or 0) / largest
        if value:
            chart.shapes.append(
                Rect(
                    LABEL_WIDTH, y + 4, max(length, 2), ROW_HEIGHT - 8, SERIES_FILLS[0]
                )
            )
        chart.shapes.append(
            Text(
                LABEL_WIDTH + length + 6,
                y + ROW_HEIGHT * 0.65,
                _written(value),
            )
        )
    chart.shapes.append(Line(((LABEL_WIDTH, top), (LABEL_WIDTH, height - 8)), GRID))
    return chart


def grouped_bar_chart(title, groups, series):
    """Horizontal bars in groups: for each (group label, [values]) one bar per
    series, in the order of `series` (labels shown in a key and on every bar)."""
    top = 34
    bar = ROW_HEIGHT - 6
    group_height = bar * len(series) + 12
    height = top + group_height * max(1, len(groups)) + 8
    description = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{name} {value}" for name, value in zip(series, values, strict=True)
        )
        for label, values in groups
    )
    chart = Chart(title, description, WIDTH, height)
    for number, name in enumerate(series):
        x = LABEL_WIDTH + number * 170
        chart.shapes.append(Rect(x, 8, 16, 16, SERIES_FILLS[number % 2]))
        chart.shapes.append(Text(x + 22, 21, str(name)))
    largest = max([max(values, default=0) for _label, values in groups] + [1])
    room = WIDTH - LABEL_WIDTH - 140
    for row, (label, values) in enumerate(groups):
        y = top + row * group_height
        chart.shapes.append(
            Text(LABEL_WIDTH - 8, y + group_height / 2 + 3, _clip(label), anchor="end")
        )
        for number, value in enumerate(values):
            bar_y = y + 4 + number * bar
            length = room * (value or 0) / largest
            if value:
                chart.shapes.append(
                    Rect(
                        LABEL_WIDTH,
                        bar_y,
                        max(length, 2),
                        bar - 3,
                        SERIES_FILLS[number % 2],
                    )
                )
            chart.shapes.append(
                Text(
                    LABEL_WIDTH + length + 6,
                    bar_y + bar * 0.62,
                    f"{series[number]} {value}",
                    size=12,
                )
            )
    chart.shapes.append(Line(((LABEL_WIDTH, top), (LABEL_WIDTH, height - 8)), GRID))
    return chart


def line_chart(title, points, *, second_labels=None):
    """One value per (label, value) along the bottom, joined by a line, each
    point labelled with its value; labels along the bottom axis, with an
    optional second line under them (the year under January)."""
    points = [(str(label), value or 0) for label, value in points]
    second_labels = second_labels or [""] * len(points)
    left, right, top, bottom = 40, 20, 24, 44
    height = 260
    chart = Chart(title, _describe(points), WIDTH, height)
    largest = max([value for _label, value in points] + [1])
    plot_height = height - top - bottom
    step = (WIDTH - left - right) / max(1, len(points) - 1) if len(points) > 1 else 0
    base = height - bottom
    chart.shapes.append(Line(((left, base), (WIDTH - right, base)), GRID))
    coordinates = []
    for number, (label, value) in enumerate(points):
        x = left + step * number if len(points) > 1 else WIDTH / 2
        y = base - plot_height * value / largest
        coordinates.append((x, y))
        chart.shapes.append(
            Text(x, base + 20, _clip(label, 8), anchor="middle", size=12)
        )
        if second_labels[number]:
            chart.shapes.append(
                Text(x, base + 36, str(second_labels[number]), anchor="middle", size=12)
            )
        chart.shapes.append(Text(x, y - 8, str(value), anchor="middle", size=12))
    if len(coordinates) > 1:
        chart.shapes.insert(1, Line(tuple(coordinates), SERIES_FILLS[0], 2.5))
    for x, y in coordinates:
        chart.shapes.append(Dot(x, y, 4, SERIES_FILLS[0]))
    return chart
