"""What a funder's own template needs beyond the shared context: its blocks and its header.

`render/context.py` fills what every template shares (headings, labels, texts,
contacts, goals, economy, signature). A profile may also place computed
statistics blocks in named sections (`block:` in profile.yaml), list the
results its plan requires (`resultat: true`), print header fields such as
"Verksamhetsägare:" and take one or two signatures with a title. Those values
are added here, so a funder whose template uses none of them costs nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reportgen.formatting import format_date, format_period

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport
    from reportgen.model import Signature


def funder_context(loaded: LoadedReport, *, charts: bool) -> dict[str, Any]:
    """`block`, `resultatlista`, `huvud` and `underskrifter` for the template."""
    from reportgen.checks.title import title_for_kind
    from reportgen.render.profile_blocks import section_blocks

    report, profile = loaded.report, loaded.profile
    period = report.report_period
    title = title_for_kind(profile, report.kind, report.report.title)
    year = str(period.end.year) if period else ""
    has_year = re.search(r"\b(19|20)\d\d\b", title) is not None
    heading_line = title if (not year or has_year) else f"{title} {year}"
    responsible = report.intervention.responsible
    performer = (responsible.organisation if responsible else None) or ""
    return {
        "block": section_blocks(loaded, charts=charts),
        "resultatlista": [s.heading for s in profile.listed_results()],
        "huvud": {
            "agare": profile.name,
            "utforare": performer,
            "utforare_versaler": performer.split(",")[0].strip().upper(),
            "period": format_period(period.start, period.end) if period else "",
            "ar": year,
            "rubrikrad": heading_line,  # "Halvårsrapport 2025"
            "rapporten": f"{title.split()[0].lower()}en" if title else "rapporten",
        },
        "underskrifter": [
            _signature(s) for s in (report.signature, report.co_signature) if s is not None
        ],
    }


def _signature(signature: Signature) -> dict[str, str]:
    place_and_date = " ".join(
        part for part in (signature.place or "", format_date(signature.signed_on)) if part
    )
    return {
        "ort_och_datum": place_and_date,
        "namn": signature.name or "",
        "titel": signature.title or "",
        "organisation": signature.organisation or "",
    }
