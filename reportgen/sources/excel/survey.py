"""The optional `Enkät` sheet: survey results the team has already aggregated.

One row per question: `fråga`, `antal svar`, `andel positiva`. A share is
checked against its n the way domain.md §4.2 says a reader checks by hand:
some whole number of positive answers must give it, rounded half-up or
truncated to the precision written (D005 otherwise).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.formatting import format_percent, round_half_up
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.sheet import (
    Collector,
    Sheet,
    cell_ref,
    integer,
    is_blank,
    shown,
)
from reportgen.stats import SurveyItem

__all__ = ["SurveySheet"]


class SurveySheet:
    """The optional `Enkät` sheet: one row per question, results already aggregated."""

    def __init__(self, sheet: Sheet, findings: Collector) -> None:
        self.findings = findings
        self.sheet = sheet
        self.uncached = sheet.uncached
        self.title = sheet.title

    def read(self) -> list[SurveyItem]:
        header_row, columns = self._columns()
        if header_row == 0:
            return []
        items: list[SurveyItem] = []
        for r in self.sheet.after(header_row):
            row = self.sheet.row(r)

            def value(key: str, row: tuple[Any, ...] = row) -> Any:
                c = columns[key]
                return row[c - 1] if c <= len(row) else None

            if all(is_blank(value(key)) for key in columns):
                continue
            item = self._item(
                r, columns, value("fråga"), value("antal svar"), value("andel positiva")
            )
            if item is not None:
                items.append(item)
        return items

    def _columns(self) -> tuple[int, dict[str, int]]:
        for r, row in self.sheet.head():
            columns: dict[str, int] = {}
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and (key := cols.survey_column_for(value)):
                    columns.setdefault(key, c)
            if "fråga" in columns:
                missing = [col.key for col in cols.SURVEY_COLUMNS if col.key not in columns]
                if missing:
                    self.findings.add(
                        "F002",
                        f"Bladet '{self.title}' saknar kolumnen "
                        f"{' och '.join(repr(m) for m in missing)}. Kolumnerna ska vara: fråga, "
                        "antal svar, andel positiva.",
                        self.title,
                        f"{r}:{r}",
                    )
                    return 0, {}
                return r, columns
        if any(not is_blank(v) for row in self.sheet.rows.values() for v in row):
            self.findings.add(
                "F002",
                f"Hittar ingen rubrikrad i bladet '{self.title}'. Första raden ska vara: fråga, "
                "antal svar, andel positiva.",
                self.title,
                "A1",
            )
        return 0, {}

    def _item(
        self, r: int, columns: dict[str, int], question: Any, answers: Any, share: Any
    ) -> SurveyItem | None:
        def where(key: str) -> str:
            return cell_ref(r, columns[key])

        for key in columns:
            if (r, columns[key]) in self.uncached:
                self.findings.add(
                    "F002",
                    "Cellen innehåller en formel utan sparat värde. Öppna filen i Excel och spara "
                    "den, eller skriv in värdet direkt.",
                    self.title,
                    where(key),
                )
                return None
        if is_blank(question):
            self.findings.add(
                "D002",
                "Frågan saknas på raden. Skriv frågan eller ta bort raden.",
                self.title,
                where("fråga"),
            )
            return None
        count = integer(answers)
        if count is None or count < 0:
            self.findings.add(
                "D002",
                f"Antal svar '{shown(answers) if answers is not None else ''}' är inget heltal. "
                "Skriv hur många som besvarat frågan, t.ex. 42.",
                self.title,
                where("antal svar"),
            )
            return None
        percent = _percent(share)
        if percent is None or not 0 <= percent <= 100:
            self.findings.add(
                "D002",
                f"Andelen positiva '{shown(share) if share is not None else ''}' är ingen andel "
                "mellan 0 och 100 %. Skriv t.ex. 85 % (eller 0,85 formaterat som procent).",
                self.title,
                where("andel positiva"),
            )
            return None
        if count == 0:
            self.findings.add(
                "D002",
                "Antal svar är 0, då finns ingen andel att redovisa. Ta bort raden eller rätta "
                "antalet.",
                self.title,
                where("antal svar"),
            )
            return None
        if not _share_possible(percent, count):
            self.findings.add(
                "D005",
                f"Andelen {_percent_text(percent)} kan inte uppstå med {count} svar: "
                f"inget helt antal positiva av {count} ger den andelen. Kontrollera antal svar "
                "och andel.",
                self.title,
                where("andel positiva"),
            )
        return SurveyItem(str(question).strip(), count, float(percent), r)


def _percent(raw: Any) -> Decimal | None:
    """A share as percent: "85 %" and 85 -> 85; 0,85 -> 85.

    A number from 0 to 1 is a fraction, because that is what Excel stores for a
    cell formatted as percent (85 % is stored as 0.85, 100 % as 1); a survey
    share of 1 % or less written as a bare number is implausible enough to
    accept that.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        written_as_percent = text.endswith("%")
        try:
            value = Decimal(text.rstrip("%"))
        except ArithmeticError:
            return None
        if written_as_percent:
            return value
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        return None
    if not value.is_finite():
        return None
    return value * 100 if 0 <= value <= 1 else value


def _percent_text(value: Decimal) -> str:
    exponent = value.normalize().as_tuple().exponent
    decimals = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_percent(value, decimals)


def _share_possible(percent: Decimal, base: int) -> bool:
    """Some whole count k of `base` gives `percent` at the precision it is written with.

    Accepts half-up rounding and truncation (domain.md §4.2). A share with more
    than one decimal came from a formula and must match to within 0,01.
    """
    exponent = percent.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    for k in range(base + 1):
        exact = Decimal(k) * 100 / Decimal(base)
        if decimals > 1:
            if abs(exact - percent) <= Decimal("0.01"):
                return True
            continue
        step = Decimal(1).scaleb(-decimals)
        if round_half_up(exact, decimals) == percent or (exact // step) * step == percent:
            return True
    return False
