"""Native Word charts: the DrawingML chart part (`word/charts/chartN.xml`) of a bar chart.

A report's charts used to be PNGs drawn with matplotlib, 20–40 ms each. A chart
part is text: Word and LibreOffice draw it themselves from the values cached in
it (`c:strCache`, `c:numCache`), so it costs a fraction of a millisecond, stays
editable in Word and is vector in the PDF. No workbook is embedded: both draw
from the cache.

What the viewer must not decide: the axis numbers are Swedish whatever its
locale (a format code with literal NBSP grouping, percent as a literal " %"),
the ticks are whole, round numbers chosen here (with one axis format, an
automatic step of 0,5 would print as repeated integers), the text is sv-SE in
the template's body font, and the series keep the lightness steps and dark
outlines that tell them apart on a greyscale printer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.render.charts import Series

__all__ = ["CHART_CONTENT_TYPE", "CHART_REL", "chart_height_cm", "chart_xml", "ticks"]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"

# Fills differ clearly in lightness (about 25 %, 80 % and 55 %), so series stay
# apart on a greyscale printer; every bar has a dark outline.
SERIES_COLOURS = ("2F3E5C", "C5CEDB", "7F8A9E")
OUTLINE = "1B2333"
GRID = "D9D9D9"
TEXT = "1A1A1A"
FONT = "Calibri"
"""The body font of every funder's template (Normal and the theme's minor font)."""
FONT_SIZE = 800  # hundredths of a point
LANGUAGE = "sv-SE"
NBSP = "\u00a0"

# Excel number formats: NBSP grouping written as literal text between digit
# placeholders, one section per size (a single "# ##0" would print 1 234 567 as
# "1234 567"); never "#,##0", whose separator is the viewer's.
NUMBER_FORMAT = (
    f'[>=1000000]#"{NBSP}"###"{NBSP}"##0;[>=1000]#"{NBSP}"##0;0'  # counts and kronor, ≥ 0
)
PERCENT_FORMAT = f'0"{NBSP}%"'  # the values are percent already: a literal %, not ×100
_NOT_XML = str.maketrans({chr(c): None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))})


def chart_xml(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_axis: str,
    percent: bool = False,
) -> bytes:
    """The chart part: horizontal clustered bars, first category on top, legend on top
    (with two or more series), value axis below with its title."""
    count = len(categories)
    top = ticks(max((_number(v) for one in series for v in one.values), default=0.0))
    step = top[1] - top[0]
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{CHART_URI}" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<c:date1904 val="0"/><c:lang val="{LANGUAGE}"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/>'
    ]
    names = _string_cache(categories)
    for position, one in enumerate(series):
        column = _column(position + 1)
        colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        parts.append(
            f'<c:ser><c:idx val="{position}"/><c:order val="{position}"/>'
            f"<c:tx><c:strRef><c:f>Blad1!${column}$1</c:f>{_string_cache([one.name])}"
            "</c:strRef></c:tx>"
            f'<c:spPr>{_fill(colour)}<a:ln w="6350">{_fill(OUTLINE)}</a:ln></c:spPr>'
            '<c:invertIfNegative val="0"/>'
            f"<c:cat><c:strRef><c:f>Blad1!$A$2:$A${count + 1}</c:f>{names}</c:strRef></c:cat>"
            f"<c:val><c:numRef><c:f>Blad1!${column}$2:${column}${count + 1}</c:f>"
            f"{_number_cache(one.values)}</c:numRef></c:val></c:ser>"
        )
    axis_format = PERCENT_FORMAT if percent else NUMBER_FORMAT
    parts.append(
        '<c:gapWidth val="60"/><c:axId val="111"/><c:axId val="222"/></c:barChart>'
        # categories top to bottom; the value axis crosses at the last one, below
        '<c:catAx><c:axId val="111"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="19050">{_fill(TEXT)}</a:ln></c:spPr>{_text_properties()}'
        '<c:crossAx val="222"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{_plain(top[-1])}"/><c:min val="0"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/>'
        f'<c:majorGridlines><c:spPr><a:ln w="9525">{_fill(GRID)}</a:ln></c:spPr>'
        f"</c:majorGridlines>{_axis_title(value_axis)}"
        f'<c:numFmt formatCode="{escape(axis_format)}" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>{_text_properties()}"
        '<c:crossAx val="111"/><c:crosses val="max"/><c:crossBetween val="between"/>'
        f'<c:majorUnit val="{_plain(step)}"/></c:valAx>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
    )
    if len(series) > 1:
        parts.append(
            f'<c:legend><c:legendPos val="t"/><c:overlay val="0"/>{_text_properties()}</c:legend>'
        )
    parts.append(
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"<c:spPr>{_fill('FFFFFF')}<a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text_properties()}</c:chartSpace>"
    )
    return "".join(parts).encode("utf-8")


def chart_height_cm(categories: Sequence[str], series: Sequence[Series]) -> float:
    """Room for each group's bars (or its wrapped label), the legend and the value axis."""
    lines = max((math.ceil(len(name) / 34) for name in categories), default=1)
    group = max(0.3 * len(series), 0.36 * lines) + 0.25  # cm: bars or label, then a gap
    legend = 0.7 if len(series) > 1 else 0.2
    return round(max(4.0, legend + len(categories) * group + 1.3), 2)


def ticks(largest: float) -> list[float]:
    """Round tick values from 0 past the largest value, at most about six, whole numbers."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1.0, float(step))
    count = math.ceil(largest / step - 1e-9)
    return [i * step for i in range(count + 1)] if count else [0.0, step]


def _number(value: float | int | Decimal | None) -> float:
    return 0.0 if value is None else float(value)


def _column(index: int) -> str:
    return chr(ord("A") + index)  # never past a few series


def _text(value: str) -> str:
    return escape(value.translate(_NOT_XML), quote=False)


def _string_cache(values: Sequence[str]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_text(value)}</c:v></c:pt>' for i, value in enumerate(values)
    )
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _number_cache(values: Sequence[float | int | Decimal | None]) -> str:
    """Missing values are left out of the cache: a gap, not a zero bar."""
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_plain(value)}</c:v></c:pt>'
        for i, value in enumerate(values)
        if value is not None
    )
    return (
        "<c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache>'
    )


def _plain(value: float | int | Decimal) -> str:
    """The value as XML Schema writes a double: a point, no grouping, no exponent games."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def _run_properties(tag: str) -> str:
    return (
        f'<a:{tag} sz="{FONT_SIZE}" b="0" i="0" lang="{LANGUAGE}">{_fill(TEXT)}'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:{tag}>'
    )


def _text_properties() -> str:
    return (
        f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_run_properties('defRPr')}</a:pPr>"
        f'<a:endParaRPr lang="{LANGUAGE}"/></a:p></c:txPr>'
    )


def _axis_title(title: str) -> str:
    return (
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>"
        f"<a:pPr>{_run_properties('defRPr')}</a:pPr>"
        f"<a:r>{_run_properties('rPr')}<a:t>{_text(title)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title>'
    )
