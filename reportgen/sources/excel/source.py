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
* openpyxl is imported lazily so that `reportgen --help` stays fast, and the
  sheet is read once in read-only mode; a second, formula-only pass happens
  only when the sheet contains formulas.

This module opens the workbook, refuses personnummer and finds the sheets;
`participants` reads `Deltagare`, `survey` reads `Enkät`, and
`columns` says which headers and values each column accepts.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportgen.codes import finding
from reportgen.errors import InputError
from reportgen.findings import Finding
from reportgen.location import Location
from reportgen.model import Report
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.participants import ParticipantSheet
from reportgen.sources.excel.personnummer import looks_like_personnummer
from reportgen.sources.excel.sheet import HEADER_SEARCH_ROWS, Collector, Refused, Sheet, cell_ref
from reportgen.sources.excel.survey import SurveySheet
from reportgen.sources.ooxml import check_office_file
from reportgen.stats import Episode, Statistics, SurveyItem, compute_statistics

__all__ = [
    "WorkbookResult",
    "looks_like_personnummer",
    "read_workbook",
    "workbook_of",
    "workbook_path",
]

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class WorkbookResult:
    """What reading one workbook gave: the statistics (None if unusable) and the findings."""

    statistics: Statistics | None
    findings: list[Finding] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)


# ----------------------------------------------------------------- entry points


def workbook_path(report: Report, folder: Path) -> Path | None:
    """The workbook insats.yaml names under `statistik` (relative to its folder), if any."""
    name = report.statistics
    if name is None or not name.strip():
        return None
    path = Path(name.strip())
    return path if path.is_absolute() else folder / path


def workbook_of(
    report: Report, folder: Path, *, period: tuple[date, date] | None = None
) -> WorkbookResult | None:
    """Read the workbook that insats.yaml (in `folder`) names; None when it names none.

    The statistics cover the report's own period unless `period` is given; a
    report whose period is missing or reversed gets findings but no statistics.
    An intervention without `statistik` (a structural one) has no workbook.
    """
    path = workbook_path(report, folder)
    if path is None:
        return None
    if period is None:
        stated = report.report_period
        period = (stated.start, stated.end) if stated and stated.start <= stated.end else None
    intervention = report.intervention.period
    return read_workbook(
        path,
        display=str(path),
        period=period,
        intervention=(intervention.start, intervention.end) if intervention else None,
        origin=report.locations.at("statistik"),
    )


def read_workbook(
    path: Path,
    *,
    display: str | None = None,
    period: tuple[date, date] | None,
    intervention: tuple[date, date] | None = None,
    origin: Location | None = None,
) -> WorkbookResult:
    """Read and check one statistik.xlsx; compute the statistics when a period is known.

    `origin` is where the workbook was named (insats.yaml's `statistik` line):
    a missing file is reported there, where the user can fix the name.
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
        check_office_file(path, shown)
    except InputError as exc:
        return WorkbookResult(None, list(exc.findings))
    reader = _WorkbookReader(path, shown, period, intervention)
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
    ) -> None:
        self.path = path
        self.display = display
        self.period = period
        self.intervention = intervention
        self.findings = Collector(display)
        self.epoch: datetime | None = None

    def read(self) -> WorkbookResult:
        sheets, uncached = self._load()
        participants_title = _find_sheet(sheets, cols.PARTICIPANT_SHEET)
        self._refuse_personnummer(sheets)
        if participants_title is None:
            names = ", ".join(f"'{s}'" for s in sheets) or "inga"
            self.findings.add(
                "F002",
                f"Arbetsboken saknar bladet '{cols.PARTICIPANT_SHEET}' (blad i filen: {names}). "
                f"Döp om bladet med deltagarna till '{cols.PARTICIPANT_SHEET}', en rad per "
                "inskrivning.",
            )
            raise Refused
        sheet = sheets[participants_title]
        episodes = ParticipantSheet(
            sheet,
            self.findings,
            uncached=uncached.get(participants_title, set()),
            intervention=self.intervention,
            epoch=self.epoch,
        ).read()
        survey_title = _find_sheet(sheets, cols.SURVEY_SHEET)
        survey: list[SurveyItem] = []
        if survey_title is not None:
            survey = SurveySheet(
                sheets[survey_title], self.findings, uncached=uncached.get(survey_title, set())
            ).read()

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

    def _load(self) -> tuple[dict[str, Sheet], dict[str, set[tuple[int, int]]]]:
        """All worksheets' values (read-only), plus the cells holding uncalculated formulas."""
        from openpyxl import load_workbook

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # a damaged part inside a valid zip: any parser error
            self.findings.add(
                "F001",
                f"Arbetsboken kunde inte läsas ({type(exc).__name__}: {exc}). Öppna den i Excel, "
                "spara den som Excel-arbetsbok (.xlsx) och försök igen.",
            )
            raise Refused from None
        sheets: dict[str, Sheet] = {}
        try:
            self.epoch = workbook.epoch
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for worksheet in workbook.worksheets:
                    if not hasattr(worksheet, "iter_rows"):
                        continue  # a chart sheet holds no cells
                    worksheet.reset_dimensions()  # never trust a stale <dimension>
                    rows = list(worksheet.iter_rows(values_only=True))
                    sheets[worksheet.title] = Sheet(
                        worksheet.title, rows, _contains_formulas(worksheet)
                    )
        except Refused:
            raise
        except Exception as exc:
            self.findings.add(
                "F001",
                f"Arbetsboken kunde inte läsas ({type(exc).__name__}: {exc}). Öppna den i Excel, "
                "spara den som Excel-arbetsbok (.xlsx) och försök igen.",
            )
            raise Refused from None
        finally:
            workbook.close()
        uncached: dict[str, set[tuple[int, int]]] = {}
        with_formulas = [s for s in sheets.values() if s.has_formulas]
        if with_formulas:
            uncached = self._uncached_formulas(with_formulas)
        return sheets, uncached

    def _uncached_formulas(self, sheets: Sequence[Sheet]) -> dict[str, set[tuple[int, int]]]:
        """Cells that are formulas in the file but have no saved value (second, rare pass)."""
        from openpyxl import load_workbook

        found: dict[str, set[tuple[int, int]]] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(self.path, read_only=True, data_only=False)
            try:
                for sheet in sheets:
                    worksheet = workbook[sheet.title]
                    worksheet.reset_dimensions()
                    cells: set[tuple[int, int]] = set()
                    for r, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                        values = sheet.rows[r - 1] if r <= len(sheet.rows) else ()
                        for c, formula in enumerate(row, start=1):
                            cached = values[c - 1] if c <= len(values) else None
                            if cached is None and _is_formula(formula):
                                cells.add((r, c))
                    found[sheet.title] = cells
            finally:
                workbook.close()
        return found

    def _refuse_personnummer(self, sheets: dict[str, Sheet]) -> None:
        hits = 0
        for sheet in sheets.values():
            for r, row in enumerate(sheet.rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    header_like = (
                        isinstance(value, str)
                        and r <= HEADER_SEARCH_ROWS
                        and cols.header_key(value) in cols.PERSONNUMMER_HEADERS
                    )
                    if header_like:
                        hits += 1
                        self.findings.add(
                            "D004",
                            f"Kolumnen '{value.strip()}' hör inte hemma i deltagarlistan: "
                            "deltagaruppgifter ska vara pseudonyma. Ta bort kolumnen och allt "
                            "den innehåller; använd ett löpnummer eller en kod som id.",
                            sheet.title,
                            cell_ref(r, c),
                        )
                    elif looks_like_personnummer(value):
                        hits += 1
                        self.findings.add(
                            "D004",
                            "Cellen innehåller något som liknar ett personnummer (ÅÅMMDD-XXXX). "
                            "Deltagaruppgifter ska vara pseudonyma: ersätt det med ett löpnummer "
                            "eller en kod och ta bort alla personnummer ur filen. Filen används "
                            "inte förrän de är borttagna.",
                            sheet.title,
                            cell_ref(r, c),
                        )
        if hits:
            raise Refused


def _contains_formulas(worksheet: Any) -> bool:
    """Scan the sheet's XML for <f> elements; unknown internals mean "maybe" (do the pass)."""
    try:
        source = worksheet._get_source()
    except Exception:
        return True
    try:
        tail = b""
        while chunk := source.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
        return False
    finally:
        source.close()


def _is_formula(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return value is not None and type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def _find_sheet(sheets: dict[str, Sheet], wanted: str) -> str | None:
    key = cols.header_key(wanted)
    for title in sheets:
        if cols.header_key(title) == key:
            return title
    return None
