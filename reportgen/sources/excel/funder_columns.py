"""Columns a funder's profile may add to the Deltagare sheet (Västerås, domain.md §9).

Read whenever a sheet has them, whichever funder: "Vidare FS AF-FK" (Ja/Nej),
"Ordinarie insats efter avslut" (Ja/Nej/Ej reg.) and "Mottagande part vid
avslut" (AF, FK, RV, VS or a combination such as AF-FK-RV-VS). The workbook
that `reportgen init --förbund vasteras` writes has them with drop-down lists.
"""

from __future__ import annotations

import re

from reportgen.sources.excel.columns import YES_NO, ColumnSpec, _vocabulary

ORDINARY = _vocabulary(
    [
        ("ja", "Ja", ("j", "yes", "x")),
        ("nej", "Nej", ("n", "no")),
        ("ej reg.", "Ej reg.", ("ej reg", "ej registrerad", "ej registrerat")),
    ]
)
RECEIVING_PARTIES = ("AF", "FK", "RV", "VS")
"""Mottagande part vid avslut: Arbetsförmedlingen, Försäkringskassan, regionen, kommunen."""

FUNDER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "vidare_fs_af_fk",
        False,
        ("vidare_förstärkt_samverkan_af_fk", "förstärkt_samverkan_af_fk", "vidare_fs"),
        "Gick deltagaren vid avslut vidare till förstärkt samverkan mellan AF och FK: Ja eller "
        "Nej.",
        YES_NO.shown,
        width=12,
    ),
    ColumnSpec(
        "ordinarie_insats_efter_avslut",
        False,
        ("ordinarie_insats", "ordinarie_verksamhet_efter_avslut", "insats_inom_ordinarie"),
        "Gick deltagaren vid avslut vidare till insats inom ordinarie verksamhet: Ja, Nej eller "
        "Ej reg. (inte registrerat).",
        ORDINARY.shown,
        width=14,
    ),
    ColumnSpec(
        "mottagande_part_vid_avslut",
        False,
        ("mottagande_part", "mottagare_vid_avslut"),
        "Mottagande part vid avslut: AF, FK, RV (regionen) eller VS (kommunen), eller flera med "
        "bindestreck, t.ex. AF-FK.",
        ("AF", "FK", "RV", "VS", "AF-FK", "AF-VS", "FK-RV", "AF-FK-RV-VS"),
        width=14,
    ),
)
"""Columns a funder's profile may add (Västerås, domain.md §9); read whenever present."""


def receiving_party(raw: str) -> str | None:
    """ "af - fk", "AF/FK", "FK+AF" -> "AF-FK" (in RECEIVING_PARTIES order); None if unknown."""
    parts = [p for p in re.split(r"[\s\-/+,&]+", raw.upper()) if p]
    if not parts or any(p not in RECEIVING_PARTIES for p in parts):
        return None
    return "-".join(p for p in RECEIVING_PARTIES if p in parts)
