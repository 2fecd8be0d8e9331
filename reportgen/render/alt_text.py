"""Alt text on Word charts: `descr` on the drawing's wp:docPr, which becomes /Alt in a PDF.

A screen reader says nothing useful about a chart without it, and Swedish accessibility
law (lagen om tillgänglighet till digital offentlig service) applies to the board papers
associations publish. Word shows the same text under "Alternativ text", and LibreOffice's
tagged PDF export writes it as the Figure's /Alt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.render.charts import Series


def chart_title(caption: str) -> str:
    """The drawing's title: what the caption says the chart shows, without its base
    ("Budget och utfall per kostnadsslag (kr)")."""
    return caption.removeprefix("Diagram:").strip().partition(". ")[0].rstrip(".")


ALT_TEXT_CATEGORIES = 8
"""Groups named in the alt text; the rest are counted (the table beside it has them all)."""


def describe_chart(caption: str, categories: Sequence[str], series: Sequence[Series]) -> str:
    """Swedish alt text from the caption: the kind of chart, what it shows, its groups and
    series, and its base ("Stapeldiagram: budget och utfall per kostnadsslag (kr). …")."""
    body = caption.removeprefix("Diagram:").strip()
    subject, _, base = body.partition(". ")
    subject = subject[:1].lower() + subject[1:]
    named = [short_name(name) for name in categories[:ALT_TEXT_CATEGORIES]]
    groups = ", ".join(named)
    if len(categories) > ALT_TEXT_CATEGORIES:
        groups += f" och {len(categories) - ALT_TEXT_CATEGORIES} till"
    names = [s.name for s in series]
    series_text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
    text = (
        f"Stapeldiagram: {subject.rstrip('.')}. Liggande staplar ({series_text}) för "
        f"{len(categories)} grupper: {groups}."
    )
    return f"{text} {base}".strip() if base else text


def short_name(name: str, limit: int = 40) -> str:
    """A category or intervention name cut to fit a chart's axis or alt text, marked with "…"."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
