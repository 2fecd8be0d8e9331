"""Every finding code reportgen reports, in one catalogue: code, severity and title.

Codes are stable: reviewers look them up with `reportgen regler`, and the same
code means the same problem whichever file it was found in. Two kinds of code
share this catalogue:

* rule codes (S001, B001 …), found by a rule over the report model
  (`reportgen.checks`), which registers a function under the code;
* source codes (F001, B005, D002 …, S003 …), which only a source can see while
  reading a file (an amount that is no number never reaches the model).

Both the sources and the rules import this module, so neither needs the other
to know a code's severity. The family letter says what a code is about:
F file, S sections, B budget, G goals, T time, U signature, D participant data.
"""

from __future__ import annotations

from typing import NamedTuple

from reportgen.findings import Finding, Severity
from reportgen.location import Location


class Code(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A finding code as the catalogue lists it: code, severity and a one-line Swedish title."""

    code: str
    severity: Severity
    title: str  # one line, Swedish: what the code is about


# Codes that only the Word reader reports (named so the reader's modules read well).
INTRO_MISSING = "S003"
UNKNOWN_TITLE = "S004"
HEADING_MISSING = "S005"
HEADING_MERGED = "S006"
COST_ROWS_DELETED = "B008"
SIGNATURE_OUTSIDE = "U002"
COST_TOTAL_MISSING = "B009"
SIGNATURE_SCANNED = "U003"
PERIOD_ASSUMED = "T004"
CONVERTED = "F003"

_FEL = Severity.FEL
_VARNING = Severity.VARNING

CODES: dict[str, Code] = {
    entry.code: entry
    for entry in (
        # F: the file itself (reported by every source)
        Code("F001", _FEL, "Filen kan inte läsas (saknas, är skadad, krypterad eller för stor)."),
        Code(
            "F002", _FEL, "Filen har inte det väntade formatet (fel filtyp, okänd nyckel, fel typ)."
        ),
        # S: sections
        Code("S001", _FEL, "Ett avsnitt som förbundets mall kräver för rapporttypen saknas."),
        Code("S002", _FEL, "Ett avsnitt som krävs finns men är tomt (bara blanksteg)."),
        Code(
            INTRO_MISSING,
            _VARNING,
            "Word-rapport: mallens inledande mening ('Denna mall ska användas …') saknas.",
        ),
        Code(
            UNKNOWN_TITLE,
            _VARNING,
            "Word-rapport: rubriken är inte en av mallens (Delrapport, Slutrapport …); "
            "rapporttypen gissades.",
        ),
        Code(
            HEADING_MISSING,
            _FEL,
            "Word-rapport: en av mallens rubriker saknas, fast avsnittets innehåll finns.",
        ),
        Code(
            HEADING_MERGED,
            _VARNING,
            "Word-rapport: målavsnittets rubrik är ihopslagen med första målet i måltabellen.",
        ),
        # B: budget and outcome
        Code("B001", _FEL, "Angiven summa för budget stämmer inte med budgetraderna."),
        Code("B002", _FEL, "Angiven summa för utfall stämmer inte med utfallsraderna."),
        Code("B003", _FEL, "Budgetens summa är inte lika med beviljat medel."),
        Code(
            "B004",
            _FEL,
            "Utfallet avviker från budget mer än förbundets gräns (eller beviljat medel är "
            "outnyttjat i en slutrapport) utan förklaring i ekonomikommentaren eller avvikelser.",
        ),
        Code("B005", _FEL, "Ett belopp är inte ett tal (t.ex. 'Se separat redovisning')."),
        Code("B006", _FEL, "En kostnadsrad saknar utfall i en slutrapport."),
        Code(
            "B007",
            _FEL,
            "En kostnadsrad har ett kostnadsslag som inte finns i förbundets ekonomitabell.",
        ),
        Code(
            COST_ROWS_DELETED,
            _VARNING,
            "Word-rapport: rader ur mallens ekonomitabell har tagits bort (räknas som tomma).",
        ),
        # G: goals
        Code(
            "G001",
            _FEL,
            "Rapporten anger inga mål (målavsnittet saknas, är tomt eller har bara tomma rader).",
        ),
        Code(
            "G002",
            _FEL,
            "Ett mål saknar måltext, eller (i slutrapport) svar på om det uppnåtts eller utfall.",
        ),
        # T: time
        Code("T001", _FEL, "En period slutar före den börjar."),
        Code("T002", _FEL, "Rapportperioden ligger utanför insatsens tidsperiod."),
        Code(
            "T003",
            _FEL,
            "Underskriften är daterad före rapportperiodens slut (varning i delrapport).",
        ),
        # U: signature
        Code("U001", _FEL, "Underskriften (organisation, ort, datum, namn) är inte ifylld."),
        Code(
            SIGNATURE_OUTSIDE,
            _VARNING,
            "Word-rapport: en underskrift står utanför underskriftsavsnittet och räknas inte.",
        ),
        # D: participant data (statistik.xlsx)
        Code(
            "D001",
            _FEL,
            "Angivna deltagarantal (deltagare) går inte ihop per kön eller stämmer inte med "
            "statistik.xlsx.",
        ),
        Code(
            "D002",
            _FEL,
            "Ett värde i statistik.xlsx finns inte bland de tillåtna (kod, kön, remittent, "
            "försörjning, Ja/Nej, steg) eller saknas där det krävs.",
        ),
        Code(
            "D003",
            _FEL,
            "Datumfel i statistik.xlsx: ogiltigt datum, slutdatum före startdatum, avslutskod "
            "utan slutdatum (varning: inskrivning utanför insatsens tidsperiod, överlappande "
            "inskrivningar).",
        ),
        Code(
            "D004",
            _FEL,
            "statistik.xlsx innehåller något som liknar ett personnummer; filen används inte.",
        ),
        Code(
            "D005",
            _VARNING,
            "En andel i bladet Enkät kan inte uppstå med det angivna antalet svar.",
        ),
        # Word reader (issue 12): layouts and habits of hand-filled reports
        Code(
            COST_TOTAL_MISSING,
            _FEL,
            "Word-rapport: ekonomitabellen saknar summarad (mallen kräver raden Summa).",
        ),
        Code(
            SIGNATURE_SCANNED,
            _VARNING,
            "Word-rapport: underskriften är en inskannad bild; kontrollera den manuellt.",
        ),
        Code(
            PERIOD_ASSUMED,
            _VARNING,
            "Word-rapport: rapportperioden står inte i mallens fält; den lästes ur rubriken "
            "eller texten (den antagna perioden anges).",
        ),
        Code(
            CONVERTED,
            _VARNING,
            "Filen var inte .docx (.doc, .odt, .rtf) och konverterades med LibreOffice för "
            "granskningen; spara som .docx i Word.",
        ),
        Code(
            "D006",
            _FEL,
            "En fritext (i insats.yaml eller en inskickad Word-rapport) innehåller något som "
            "liknar ett personnummer.",
        ),
        # issue 13: what an owner meets
        Code(
            "B010",
            _VARNING,
            "Utfallet i en slutrapport är större än beviljat medel (även under "
            "avvikelsegränsen), utan att överskridandet förklaras.",
        ),
        Code(
            "S007",
            _VARNING,
            "Rubriken (rapport.titel) säger en annan rapporttyp än rapporten är "
            "(t.ex. Slutrapport i en delrapport).",
        ),
        Code(
            "D007",
            _VARNING,
            "Arbetsbokens blad Deltagare har inga rader; ingen deltagartabell visas.",
        ),
        # issue 13: values as owners write them (reported by the YAML source)
        Code(
            "B011",
            _VARNING,
            "Text efter ett belopp som rapporten inte kan visa vid beloppet (t.ex. "
            "beviljat_medel: '613 000 kr (lön, IT och lokal)'); texten citeras.",
        ),
        Code(
            "G003",
            _FEL,
            "Svaret på om ett mål har uppnåtts (uppnått) är inget av ja, nej, delvis och (i "
            "delrapport) pågår.",
        ),
        Code("T005", _FEL, "Ett datum eller en period i insats.yaml kan inte läsas som datum."),
    )
}


def severity_of(code: str) -> Severity:
    """The severity a code is catalogued with; KeyError for a code that is not catalogued."""
    return CODES[code].severity


def finding(
    code: str, message: str, location: Location, *, severity: Severity | None = None
) -> Finding:
    """A finding with the catalogued severity of its code, unless `severity` overrides it.

    Some codes are a warning in one situation (a date outside the intervention's
    period is D003 `varning`); the override is for those.
    """
    return Finding(code, severity or severity_of(code), message, location)
