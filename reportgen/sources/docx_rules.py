"""Codes that only the Word reader can report, registered so `reportgen regler` lists them.

Everything the report model can show (missing or empty sections, totals, goals,
signature) is found by the ordinary rules. These codes are about the document
itself: its title and intro, headings that are missing or merged although their
content is there, cost rows deleted from the funder's table, and a signature
typed outside section 7. Non-numeric amounts use the shared B005, unreadable
files F001/F002, an unreadable date or period F002.
"""

from __future__ import annotations

from reportgen.checks.registry import source_rule
from reportgen.findings import Severity

INTRO_MISSING = "S003"
UNKNOWN_TITLE = "S004"
HEADING_MISSING = "S005"
HEADING_MERGED = "S006"
COST_ROWS_DELETED = "B008"
SIGNATURE_OUTSIDE = "U002"

_CODES = (
    (
        INTRO_MISSING,
        Severity.VARNING,
        "Word-rapport: mallens inledande mening ('Denna mall ska användas …') saknas.",
    ),
    (
        UNKNOWN_TITLE,
        Severity.VARNING,
        "Word-rapport: rubriken är inte en av mallens (Delrapport, Slutrapport …); "
        "rapporttypen gissades.",
    ),
    (
        HEADING_MISSING,
        Severity.FEL,
        "Word-rapport: en av mallens rubriker saknas, fast avsnittets innehåll finns.",
    ),
    (
        HEADING_MERGED,
        Severity.VARNING,
        "Word-rapport: rubriken 4.1 är ihopslagen med första målet i måltabellen.",
    ),
    (
        COST_ROWS_DELETED,
        Severity.VARNING,
        "Word-rapport: rader ur mallens ekonomitabell har tagits bort (räknas som tomma).",
    ),
    (
        SIGNATURE_OUTSIDE,
        Severity.VARNING,
        "Word-rapport: en underskrift står utanför avsnitt 7 och räknas inte.",
    ),
)

# Registering twice raises: a clash with a rule module's code must show at once.
for _code, _severity, _title in _CODES:
    source_rule(_code, _severity, _title)
