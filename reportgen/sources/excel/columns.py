"""The columns of statistik.xlsx and the values each accepts, in one place.

The Excel reader matches headers and values against these, the workbook that
`reportgen init` writes takes its headers, drop-down lists and instructions
from them, and the messages quote the same lists. A team's own sheet rarely
uses our exact spelling (`Kön`, `kon`, `Avslutskod SUS`, `Trappsteg avslut`,
`F-stöd`, `Ak.stöd + EB`), so matching folds case, spacing, punctuation and
diacritics, and accepts the synonyms teams were seen to use (domain.md §6.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reportgen.folding import without_diacritics
from reportgen.stats import EDUCATION_LEVELS, EXIT_REASONS, INCOME_SOURCES, OTHER

PARTICIPANT_SHEET = "Deltagare"
SURVEY_SHEET = "Enkät"
INSTRUCTIONS_SHEET = "Instruktioner"
LISTS_SHEET = "Listor"


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: `  Försörjning  FÖRE ` -> `forsorjning fore`."""
    return " ".join(without_diacritics(text).split())


@lru_cache(maxsize=1024)
def header_key(text: str) -> str:
    """A header in comparable form: `Avslutskod (SUS) ` -> `avslutskod_sus`, `Kön:` -> `kon`."""
    folded = fold(text)
    folded = re.sub(r"[^a-z0-9]+", "_", folded)
    return folded.strip("_")


@lru_cache(maxsize=8192)
def value_key(text: str) -> str:
    """A coded value in comparable form: only letters, digits and < > ≥ ≤ survive.

    Cached: a sheet repeats the same few values ("K", "Ja", "Försörjningsstöd")
    thousands of times.
    """
    return re.sub(r"[^a-z0-9<>≥≤]+", "", without_diacritics(text))


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values of one coded column: canonical values, how to write them, aliases."""

    canonical: tuple[str, ...]  # what reportgen stores
    shown: tuple[str, ...]  # what the drop-down offers and messages list
    aliases: dict[str, str]  # value_key(alias) -> canonical

    def lookup(self, raw: str) -> str | None:
        return self.aliases.get(value_key(raw))

    def listing(self) -> str:
        return ", ".join(self.shown)


def _vocabulary(
    entries: Iterable[tuple[str, str, Iterable[str]]],
) -> Vocabulary:
    canonical: list[str] = []
    shown: list[str] = []
    aliases: dict[str, str] = {}
    for value, display, others in entries:
        canonical.append(value)
        shown.append(display)
        for alias in (value, display, *others):
            aliases[value_key(alias)] = value
    return Vocabulary(tuple(canonical), tuple(shown), aliases)


GENDER = _vocabulary(
    [
        ("K", "K", ("kvinna", "kvinnor", "kv", "kvinnlig")),
        ("M", "M", ("man", "män", "manlig")),
        (
            OTHER,
            "Annat",
            ("annat", "annan", "uppgift saknas", "okänt", "vill ej uppge", "x", "ickebinär"),
        ),
    ]
)
"""`kön`: K and M; everything else, recognised or not, counts as "annat/uppgift saknas"."""
GENDER_SHOWN = ("K", "M", "Annat", "Uppgift saknas")

REFERRER = _vocabulary(
    [
        ("AF", "AF", ("Arbetsförmedlingen", "Af")),
        ("FK", "FK", ("Försäkringskassan", "Fk")),
        (
            "kommun",
            "Kommun",
            (
                "Kommunen",
                "Kommunen - IFO",
                "Kommunen - KAA",
                "IFO",
                "KAA",
                "Socialtjänsten",
                "Försörjningsstöd",
                "Försörjningsstödet",
                "Ekonomiskt bistånd",
            ),
        ),
        ("region", "Region", ("Regionen", "Primärvården", "Psykiatrin", "REKO", "Vården")),
        ("egen anmälan", "Egen anmälan", ("Egenanmälan", "Egen", "Självanmälan")),
        ("annan", "Annan", ("Övrig", "Övriga", "Övrig/uppgift saknas", "Uppgift saknas")),
    ]
)
"""`remittent`. Names such as "Timrå kommun" or "Region Västernorrland" are also accepted."""

INCOME = _vocabulary(
    [
        (
            "Sjukpenning/rehabiliteringspenning",
            "Sjukpenning/rehabiliteringspenning",
            (
                "Sjukpenning",
                "Rehabiliteringspenning",
                "Rehabpenning",
                "Sjukpenning/Rehabpenning",
                "Sjp",
            ),
        ),
        ("Aktivitetsersättning", "Aktivitetsersättning", ("AE", "Akt.ers", "Aktivitetsers")),
        ("Sjukersättning", "Sjukersättning", ("Sjukers", "SE")),
        ("A-kassa", "A-kassa", ("Akassa", "Arbetslöshetsersättning", "Arbetslöshetskassa")),
        ("Aktivitetsstöd", "Aktivitetsstöd", ("Ak.stöd", "Akstöd", "AKS", "Akt.stöd")),
        (
            "Försörjningsstöd",
            "Försörjningsstöd",
            ("F-stöd", "Fstöd", "EB", "Ekonomiskt bistånd", "FBS", "Socialbidrag"),
        ),
        (
            "Studiestöd/studiemedel",
            "Studiestöd/studiemedel",
            ("Studiestöd", "Studiemedel", "CSN"),
        ),
        (
            "Annan offentlig försörjning",
            "Annan offentlig försörjning",
            ("Annan", "Övrig offentlig försörjning", "Annan försörjning"),
        ),
        (
            "Ingen offentlig försörjning",
            "Ingen offentlig försörjning",
            ("Ingen", "Egen försörjning", "Lön"),
        ),
        ("Uppgift saknas", "Uppgift saknas", ("Okänt", "Vet ej", "Saknas")),
    ]
)
"""`försörjning_före` / `_efter`: one or more SUS income options, separated by ; + or ,."""
assert INCOME.canonical == tuple(INCOME_SOURCES)

INCOME_SEPARATORS = re.compile(r"\s*[;+,\n]\s*")

YES_NO = _vocabulary(
    [
        ("ja", "Ja", ("j", "yes", "x", "1", "sant")),
        ("nej", "Nej", ("n", "no", "0", "falskt")),
    ]
)
NOT_RECORDED = frozenset(value_key(v) for v in ("Ej reg.", "Ej reg", "Uppgift saknas", "-", "–"))
"""Cells that say "not recorded" in words; read as empty (not measured)."""

EDUCATION = _vocabulary(
    [
        (
            EDUCATION_LEVELS[0],
            EDUCATION_LEVELS[0],
            ("Ej avslutad grundskola", "Ej fullständig grundskola", "Grundskola ej avslutad"),
        ),
        (EDUCATION_LEVELS[1], EDUCATION_LEVELS[1], ("Grundskolan",)),
        (EDUCATION_LEVELS[2], EDUCATION_LEVELS[2], ("Gymnasiet", "Gymnasieskola", "Gymnasial")),
        (
            EDUCATION_LEVELS[3],
            EDUCATION_LEVELS[3],
            ("Eftergymnasial", "Eftergymnasial <3 år", "Eftergymnasial kortare än 3 år", "YH"),
        ),
        (
            EDUCATION_LEVELS[4],
            EDUCATION_LEVELS[4],
            ("Högskola", "Högskola >=3 år", "Högskola 3 år eller mer", "Universitet"),
        ),
        (EDUCATION_LEVELS[5], EDUCATION_LEVELS[5], ("Okänt", "Saknas")),
    ]
)

EXIT_CODE_LABELS: dict[str, int] = {}
"""value_key(label) -> SUS code, for sheets that hold the exit reason as text."""
for _code, _label in EXIT_REASONS.items():
    EXIT_CODE_LABELS[value_key(_label)] = _code
for _label, _code in (
    ("Utskrivning", 1),
    ("Utskrivning-Fortsatt rehabilitering", 2),
    ("Utskrivning pga sjukdom", 3),
    ("Utskrivning pga föräldraledighet", 4),
    ("Utskrivning pga flytt", 5),
    ("Utskrivning-Utan mätning", 7),
):
    EXIT_CODE_LABELS[value_key(_label)] = _code

STEPS = range(1, 6)
"""Process-ladder steps (`steg_start`, `steg_slut`)."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the `Deltagare` sheet."""

    key: str  # the header reportgen writes (design.md)
    required: bool
    synonyms: tuple[str, ...]
    description: str  # Swedish, for the Instruktioner sheet
    shown_values: tuple[str, ...] = ()  # drop-down values
    width: float = 14.0


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "id",
        True,
        ("deltagar_id", "deltagarid", "deltagarkod", "löpnummer", "lopnr", "kod", "deltagare"),
        "Deltagarens löpnummer eller kod, vald av teamet. Aldrig personnummer eller namn. "
        "En person som skrivs in på nytt får en ny rad med samma id.",
        width=10,
    ),
    ColumnSpec(
        "kön",
        True,
        ("kon", "kön_k_m", "juridiskt_kön"),
        "K eller M. Annat eller tomt räknas som 'annat/uppgift saknas'.",
        GENDER_SHOWN,
        width=8,
    ),
    ColumnSpec(
        "födelseår",
        False,
        ("födelse_år", "född", "födelseår_åååå", "fött_år"),
        "Födelseår med fyra siffror, t.ex. 1994. Bara året – används för åldersgrupper.",
        width=11,
    ),
    ColumnSpec(
        "remittent",
        False,
        ("remitterande_part", "remitterad_av", "anvisande_myndighet", "anvisad_av", "remiss_från"),
        "Vem som remitterade deltagaren: AF, FK, Kommun, Region, Egen anmälan eller Annan.",
        REFERRER.shown,
    ),
    ColumnSpec(
        "startdatum",
        True,
        ("inskrivningsdatum", "inskriven", "datum_inskrivning", "start", "startdatum_åååå_mm_dd"),
        "Datum för inskrivning, ÅÅÅÅ-MM-DD.",
        width=12,
    ),
    ColumnSpec(
        "slutdatum",
        True,
        (
            "avslutsdatum",
            "utskrivningsdatum",
            "utskriven",
            "avslutad",
            "slut",
            "slutdatum_åååå_mm_dd",
        ),
        "Datum för avslut, ÅÅÅÅ-MM-DD. Lämna tomt så länge deltagaren är kvar (pågående).",
        width=12,
    ),
    ColumnSpec(
        "försörjning_före",
        False,
        ("försörjning_vid_start", "försörjning_vid_inskrivning", "försörjningskälla_före"),
        "Offentlig försörjning direkt före insatsen. Ett eller flera alternativ, åtskilda med "
        "semikolon, t.ex. 'Försörjningsstöd; A-kassa'.",
        INCOME.shown,
        width=26,
    ),
    ColumnSpec(
        "försörjning_efter",
        False,
        ("försörjning_vid_avslut", "försörjning_vid_utskrivning", "försörjningskälla_efter"),
        "Offentlig försörjning direkt efter insatsen (fylls i vid avslut). Ett eller flera "
        "alternativ, åtskilda med semikolon.",
        INCOME.shown,
        width=26,
    ),
    ColumnSpec(
        "aktivt_arbetssökande_före",
        False,
        (
            "arbetssökande_före",
            "aktivt_arbetssökande_vid_start",
            "aktivt_arbetssökande_vid_inskrivning",
        ),
        "Inskriven som aktivt arbetssökande på Arbetsförmedlingen direkt före insatsen: Ja "
        "eller Nej.",
        YES_NO.shown,
        width=12,
    ),
    ColumnSpec(
        "aktivt_arbetssökande_efter",
        False,
        (
            "arbetssökande_efter",
            "aktivt_arbetssökande_vid_avslut",
            "aktivt_arbetssökande_vid_utskrivning",
        ),
        "Inskriven som aktivt arbetssökande på Arbetsförmedlingen direkt efter insatsen: Ja eller "
        "Nej (fylls i vid avslut).",
        YES_NO.shown,
        width=12,
    ),
    ColumnSpec(
        "avslutskod",
        True,
        ("avslutskod_sus", "sus_kod", "avslutningskod", "avslutsanledning", "avslutningsanledning"),
        "SUS-avslutskod 1–7, krävs när slutdatum är ifyllt: "
        + "; ".join(f"{code} = {label}" for code, label in EXIT_REASONS.items())
        + ".",
        tuple(str(code) for code in EXIT_REASONS),
        width=11,
    ),
    ColumnSpec(
        "steg_start",
        False,
        ("trappsteg_start", "steg_vid_start", "steg_inskrivning", "processtrappa_start"),
        "Steg i processtrappan vid start, 1–5.",
        tuple(str(step) for step in STEPS),
        width=10,
    ),
    ColumnSpec(
        "steg_slut",
        False,
        (
            "trappsteg_avslut",
            "trappsteg_slut",
            "steg_vid_avslut",
            "steg_avslut",
            "processtrappa_slut",
        ),
        "Steg i processtrappan vid avslut, 1–5. För en pågående deltagare: senaste bedömningen.",
        tuple(str(step) for step in STEPS),
        width=10,
    ),
    ColumnSpec(
        "utbildning",
        False,
        ("utbildningsnivå", "högsta_slutförda_utbildning", "högsta_utbildning"),
        "Högsta slutförda utbildning.",
        EDUCATION.shown,
        width=22,
    ),
)

COLUMN_BY_KEY = {spec.key: spec for spec in COLUMNS}


def all_columns() -> tuple[ColumnSpec, ...]:
    """reportgen's columns and those a funder's profile may add (read whenever present)."""
    from reportgen.sources.excel.funder_columns import FUNDER_COLUMNS

    return (*COLUMNS, *FUNDER_COLUMNS)


@dataclass(frozen=True)
class SurveyColumn:
    key: str
    synonyms: tuple[str, ...]
    description: str


SURVEY_COLUMNS: tuple[SurveyColumn, ...] = (
    SurveyColumn("fråga", ("frågor", "påstående", "indikator"), "Frågan eller påståendet."),
    SurveyColumn(
        "antal svar",
        ("antal_svar", "svar", "antal", "n", "antal_svarande", "antal_respondenter"),
        "Hur många som besvarat frågan.",
    ),
    SurveyColumn(
        "andel positiva",
        ("andel_positiva", "andel_positiva_procent", "positiva", "andel_positivt", "andel"),
        "Andel positiva svar i procent, t.ex. 85 % (eller 0,85 i en cell formaterad som procent).",
    ),
)


def survey_column_for(header: str) -> str | None:
    key = header_key(header)
    for column in SURVEY_COLUMNS:
        if key in {header_key(column.key), *map(header_key, column.synonyms)}:
            return column.key
    return None


def column_for(header: str) -> ColumnSpec | None:
    key = header_key(header)
    for spec in all_columns():
        if key in _header_keys()[spec.key]:
            return spec
    return None


@lru_cache(maxsize=1)
def _header_keys() -> dict[str, frozenset[str]]:
    return {
        spec.key: frozenset({header_key(spec.key), *map(header_key, spec.synonyms)})
        for spec in all_columns()
    }


PERSONNUMMER_HEADERS = frozenset(
    header_key(h) for h in ("personnummer", "personnr", "pnr", "person_nr", "samordningsnummer")
)


def referrer_for(raw: str) -> str | None:
    """`remittent`; an organisation name ("Timrå kommun", "Region Västernorrland") is accepted."""
    found = REFERRER.lookup(raw)
    if found is not None:
        return found
    words = fold(raw).replace("-", " ").split()
    if words and words[-1] in {"kommun", "stad"}:
        return "kommun"
    if words and words[0] in {"region", "regionen"}:
        return "region"
    return None
