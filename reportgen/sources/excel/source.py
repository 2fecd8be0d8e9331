"""statistik.xlsx -> participant episodes -> `Statistics`, every problem located to its cell.

The team's participant sheet is the Excel input (design.md "statistik.xlsx",
domain.md §6). Teams keep it by hand, so the reader is tolerant where that is
safe – header spelling, synonyms, dates as Excel dates or text, codes as
numbers or labels – and strict where a guess would change a figure in the
report: a value outside the allowed list, a date that is no date, an ended
episode without an exit code. Each such problem becomes a finding that names
the cell (`statistik.xlsx!Deltagare!C17`), quotes the value and lists what is
allowed.

Decisions:

* A workbook that is missing, corrupt or refused does not stop the checks of
  insats.yaml: the report can still be checked, so these become findings
  (F001/F002/D004, all `fel`) and the report gets no statistics. `reportgen
  check` then exits 1 and `build` refuses to write a report without them.
* Anything that looks like a personnummer, in any cell of any sheet or as a
  column header, refuses the whole file (D004). Messages never repeat the
  number: findings end up in terminals, logs and e-mails.
* A formula whose value was never calculated (a file written by a program,
  not saved by Excel) is reported, not read as an empty cell: an empty
  `slutdatum` would silently count the participant as ongoing.
* A row whose dates cannot be used is left out of the statistics (after a
  finding); other unreadable values count as "not recorded".
* The workbook named under `statistik` must be a regular file inside the
  intervention's folder (no absolute path, no `..`, no link out of it, no
  FIFO or device), size-checked before it is opened.
* The workbook is read without openpyxl (which imports numpy): the sheets are
  streamed once (`xlsx`) and the parts around them read by small bounded
  readers (`package`), with rows, columns and parsing work capped, whatever
  the file's own dimension claims. A one-off command spent longer importing
  openpyxl than reading a team's workbook; openpyxl stays for writing them.
* A hidden sheet is read like any other: a personnummer there is refused too,
  and the finding says the sheet is hidden, since the user cannot see it.

This module opens the workbook, refuses personnummer and finds the sheets;
`xlsx` streams the sheets, `participants` reads `Deltagare`, `survey` reads
`Enkät`, and `columns` says which headers and values each column accepts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reportgen.codes import finding
from reportgen.errors import InputError
from reportgen.files import InputFileError, check_input, input_inside
from reportgen.findings import Finding
from reportgen.formatting import printable
from reportgen.location import Location
from reportgen.model import Report
from reportgen.personnummer import PERSONNUMMER_HEADER_WORDS, looks_like_personnummer
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.participants import Episodes, ParticipantSheet
from reportgen.sources.excel.sheet import HEADER_SEARCH_ROWS, Collector, Refused, Sheet, cell_ref
from reportgen.sources.excel.survey import SurveySheet
from reportgen.sources.excel.xlsx import read_sheets
from reportgen.sources.ooxml import MAX_FILE_BYTES, check_office_file
from reportgen.stats import Episode, Statistics, SurveyItem, compute_statistics

__all__ = [
    "WorkbookResult",
    "looks_like_personnummer",
    "read_workbook",
    "workbook_of",
    "workbook_path",
]

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# What a D004 adds about the sheet it is in when the user cannot see that sheet.
_HIDDEN = {
    "hidden": " Bladet är dolt i Excel: högerklicka på en bladflik och välj Ta fram för att "
    "se det.",
    "veryHidden": " Bladet är dolt så att Excel inte ens visar det under Ta fram: kopiera de "
    "andra bladen till en ny arbetsbok och använd den i stället.",
}
# Headers of columns that hold ids: there a number may be a personnummer without its zeros.
_ID_HEADER_WORDS = ("id", "nr", "nummer", "lopnummer", "kod", "deltagare", "person")


@dataclass
class WorkbookResult:
    """What reading one workbook gave: the statistics (None if unusable) and the findings."""

    statistics: Statistics | None
    findings: list[Finding] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)


# ----------------------------------------------------------------- entry points


def workbook_path(report: Report, folder: Path) -> Path | None:
    """The workbook insats.yaml names under `statistik`, as a path to show; None if none.

    Only for naming it: `workbook_of` decides whether it may be opened.
    """
    name = report.statistics
    if name is None or not name.strip():
        return None
    return folder / printable(name.strip(), 200)


def workbook_of(
    report: Report,
    folder: Path,
    *,
    period: tuple[date, date] | None = None,
    ladder: tuple[str, ...] | None = None,
) -> WorkbookResult | None:
    """Read the workbook that insats.yaml (in `folder`) names; None when it names none.

    The statistics cover the report's own period unless `period` is given; a
    report whose period is missing or reversed gets findings but no statistics.
    An intervention without `statistik` (a structural one) has no workbook.
    """
    shown = workbook_path(report, folder)
    if shown is None or report.statistics is None:
        return None
    origin = report.locations.at("statistik")
    name = report.statistics.strip()
    try:
        path = input_inside(folder, name)
    except InputFileError as exc:
        if exc.code == "F001" and not os.path.lexists(folder / name) and "\x00" not in name:
            path = folder / name  # missing: read_workbook words it, with the way to a new one
        else:
            return WorkbookResult(None, [finding(exc.code, exc.message, origin)])
    if period is None:
        stated = report.report_period
        period = (stated.start, stated.end) if stated and stated.start <= stated.end else None
    intervention = report.intervention.period
    return read_workbook(
        path,
        display=str(shown),
        period=period,
        intervention=(intervention.start, intervention.end) if intervention else None,
        origin=origin,
        ladder=ladder,
    )


def read_workbook(
    path: Path,
    *,
    display: str | None = None,
    period: tuple[date, date] | None,
    intervention: tuple[date, date] | None = None,
    origin: Location | None = None,
    ladder: tuple[str, ...] | None = None,
) -> WorkbookResult:
    """Read and check one statistik.xlsx; compute the statistics when a period is known.

    `origin` is where the workbook was named (insats.yaml's `statistik` line):
    a missing file is reported there, where the user can fix the name. `ladder` is
    the funder's process ladder (step names, lowest first); steps 1–5 without one.
    """
    shown = display or str(path)
    where = origin or Location(shown)
    if not path.exists():
        return _failed(
            "F001",
            f"Arbetsboken {shown} finns inte. Rätta sökvägen under 'statistik' (den är relativ "
            "till insats.yaml), eller ta bort raden om insatsen inte har deltagare. En tom "
            "arbetsbok med rätt kolumner skapas av 'reportgen init NY-MAPP'.",
            where,
        )
    if path.is_dir():
        return _failed("F001", f"{shown} är en mapp, inte en Excel-arbetsbok (.xlsx).", where)
    if path.suffix.lower() not in XLSX_SUFFIXES:
        return _failed(
            "F002",
            f"{shown} är ingen .xlsx-fil. Deltagarstatistiken läses bara från Excel-arbetsböcker "
            "(.xlsx); spara om filen i Excel som Excel-arbetsbok.",
            where,
        )
    try:
        check_input(path, max_bytes=MAX_FILE_BYTES)  # a regular file: no FIFO, no device
        check_office_file(path, shown)
    except InputFileError as exc:
        return _failed(exc.code, exc.message, where)
    except InputError as exc:
        return WorkbookResult(None, list(exc.findings))
    reader = _WorkbookReader(path, shown, period, intervention, ladder)
    try:
        return reader.read()
    except Refused:
        return WorkbookResult(None, reader.findings.all())


def _failed(code: str, message: str, location: Location) -> WorkbookResult:
    return WorkbookResult(None, [finding(code, message, location)])


# ----------------------------------------------------------------- reading


class _WorkbookReader:
    def __init__(
        self,
        path: Path,
        display: str,
        period: tuple[date, date] | None,
        intervention: tuple[date, date] | None,
        ladder: tuple[str, ...] | None = None,
    ) -> None:
        self.path = path
        self.ladder = ladder
        self.display = display
        self.period = period
        self.intervention = intervention
        self.findings = Collector(display)
        self.epoch: datetime | None = None

    def read(self) -> WorkbookResult:
        sheets, self.epoch = read_sheets(self.path, self.findings)
        participants_title = _find_sheet(sheets, cols.PARTICIPANT_SHEET)
        survey_title = _find_sheet(sheets, cols.SURVEY_SHEET)
        self._refuse_personnummer(sheets)
        if participants_title is None and survey_title is None:
            names = ", ".join(f"'{printable(s)}'" for s in sheets) or "inga"
            self.findings.add(
                "F002",
                f"Arbetsboken saknar bladet '{cols.PARTICIPANT_SHEET}' (blad i filen: {names}). "
                f"Döp om bladet med deltagarna till '{cols.PARTICIPANT_SHEET}', en rad per "
                "inskrivning.",
            )
            raise Refused
        if participants_title is None:
            # Only survey results (consultations, groups: no person rows). Read as a
            # Deltagare sheet without rows: D007 says so, the survey table still shows.
            episodes = Episodes([], frozenset())
        else:
            episodes = ParticipantSheet(
                sheets[participants_title],
                self.findings,
                intervention=self.intervention,
                epoch=self.epoch,
                ladder=self.ladder,
            ).read()
        survey: list[SurveyItem] = []
        if survey_title is not None:
            survey = SurveySheet(sheets[survey_title], self.findings).read()

        statistics = None
        if self.period is not None:
            statistics = compute_statistics(
                episodes.rows,
                self.period[0],
                self.period[1],
                self.intervention[0] if self.intervention else None,
                survey=survey,
                columns=episodes.columns,
            )
        return WorkbookResult(statistics, self.findings.all(), episodes.rows)

    def _refuse_personnummer(self, sheets: dict[str, Sheet]) -> None:
        hits = 0
        texts: dict[str, bool] = {}  # whether a text holds one: a sheet repeats its texts
        headers: dict[str, bool] = {}  # whether a text in the first rows names one
        for sheet in sheets.values():
            id_columns = _id_columns(sheet)
            for r, row in sheet.rows.items():
                for c, value in enumerate(row, start=1):
                    kind = value.__class__
                    if kind is int or kind is float:
                        if -1_000_000 < value < 1_000_000:
                            continue  # six digits at most: never a personnummer, however read
                        header = False
                        found = looks_like_personnummer(value, id_column=c in id_columns)
                    elif kind is not str:
                        continue  # empty, a date, a time, a boolean
                    elif len(value) < 10 and r > HEADER_SEARCH_ROWS:
                        continue  # ten digits at least (as find_personnummer checks first)
                    else:
                        named = headers.get(value) if r <= HEADER_SEARCH_ROWS else False
                        if named is None:
                            named = headers[value] = _personnummer_header(value)
                        header = named
                        found = texts.get(value)  # (the column does not matter for a text)
                        if found is None and not header:
                            found = texts[value] = looks_like_personnummer(value)
                    if header:
                        hits += 1
                        self.findings.add(
                            "D004",
                            f"Kolumnen '{printable(value.strip())}' hör inte hemma i "
                            "deltagarlistan: deltagaruppgifter ska vara pseudonyma. Ta bort "
                            "kolumnen och allt den innehåller; använd ett löpnummer eller en kod "
                            "som id.",
                            sheet.title,
                            cell_ref(r, c),
                        )
                    elif found:
                        hits += 1
                        self.findings.add(
                            "D004",
                            "Cellen innehåller något som liknar ett personnummer (ÅÅMMDD-XXXX). "
                            "Deltagaruppgifter ska vara pseudonyma: ersätt det med ett löpnummer "
                            "eller en kod och ta bort alla personnummer ur filen. Filen används "
                            "inte förrän de är borttagna." + _HIDDEN.get(sheet.state, ""),
                            sheet.title,
                            cell_ref(r, c),
                        )
        if hits:
            raise Refused


def _personnummer_header(value: str) -> bool:
    """`Personnummer`, `Person-nummer`, `Pnr`, `Deltagarens samordningsnummer` …"""
    letters = "".join(char for char in cols.fold(value) if char.isalpha())
    if letters in PERSONNUMMER_HEADER_WORDS:
        return True
    # a short header naming it among other words; a sentence about it is no header
    return len(value.split()) <= 3 and any(
        word in letters for word in PERSONNUMMER_HEADER_WORDS[:2]
    )


def _id_columns(sheet: Sheet) -> set[int]:
    """Columns whose header (in the first rows) names an id, a number or a code."""
    found: set[int] = set()
    for _r, row in sheet.head():
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                words = cols.header_key(value).split("_")
                if any(word in _ID_HEADER_WORDS for word in words):
                    found.add(c)
    return found


def _find_sheet(sheets: dict[str, Sheet], wanted: str) -> str | None:
    key = cols.header_key(wanted)
    for title in sheets:
        if cols.header_key(title) == key:
            return title
    return None
