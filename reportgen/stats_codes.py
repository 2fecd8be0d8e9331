"""The coded values of the participant sheet and the labels the funder's tables print.

Kept apart from the counting (`stats.py`) because they are vocabulary, not logic:
the workbook template, the Excel reader and the tables all use the same lists.
"""

from __future__ import annotations

WOMEN = "K"
MEN = "M"
OTHER = "annat"  # "annat/uppgift saknas": any other or missing value of `kön`

EXIT_REASONS: dict[int, str] = {
    1: "Utskrivning - till arbete, studier eller arbetssökande",
    2: "Utskrivning - fortsatt rehabilitering",
    3: "Utskrivning på grund av sjukdom",
    4: "Utskrivning på grund av föräldraledighet",
    5: "Utskrivning på grund av flytt",
    6: "Medgivande återtaget",
    7: "Utskrivning - utan mätning",
}
"""SUS exit codes with their verbatim labels (domain.md §6.2), without the trailing colon."""

INCOME_SOURCES: dict[str, str] = {
    "Sjukpenning/rehabiliteringspenning": "Sjukpenning/Rehabpenning",
    "Aktivitetsersättning": "Aktivitetsersättning",
    "Sjukersättning": "Sjukersättning",
    "A-kassa": "A-kassa",
    "Aktivitetsstöd": "Aktivitetsstöd",
    "Försörjningsstöd": "Försörjningsstöd",
    "Studiestöd/studiemedel": "Studiestöd/studiemedel",
    "Annan offentlig försörjning": "Annan offentlig försörjning",
    "Ingen offentlig försörjning": "Ingen offentlig försörjning",
    "Uppgift saknas": "Uppgift saknas",
}
"""The SUS income options (the value in the sheet) -> the label printed in tables."""

REFERRERS: dict[str, str] = {
    "AF": "Arbetsförmedlingen",
    "FK": "Försäkringskassan",
    "kommun": "Kommunen",
    "region": "Regionen",
    "egen anmälan": "Egen anmälan",
    "annan": "Övrig/uppgift saknas",
}
"""Referring agency (the value in the sheet) -> the label printed in tables.

An empty cell is counted under `annan` ("Övrig/uppgift saknas"), so that the
referral table always adds up to the participant totals (domain.md §6.4).
"""
REFERRER_UNKNOWN = "annan"

EDUCATION_LEVELS: tuple[str, ...] = (
    "Ej avslutad grundskola",
    "Grundskola",
    "Gymnasium",
    "Eftergymnasial (<3 år)",
    "Högskola ≥3 år",
    "Uppgift saknas",
)
"""Highest completed education ("Högsta slutförda utbildning"), in table order."""

AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 19, "Under 20 år"),
    (20, 24, "20–24 år"),
    (25, 29, "25–29 år"),
    (30, 39, "30–39 år"),
    (40, 49, "40–49 år"),
    (50, 59, "50–59 år"),
    (60, None, "60 år och äldre"),
)
"""Age at the start of the episode (start year − birth year), inclusive bounds."""
AGE_UNKNOWN = "Uppgift saknas"
