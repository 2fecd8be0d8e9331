"""The values of one `Deltagare` row, each read and checked on its own.

Every reader returns the value, None (the cell is empty or "not recorded") or
INVALID, after adding a finding that names the cell, quotes the value and lists
what is allowed. `ParticipantSheet` (participants.py) builds on these readers.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from reportgen.dates import DateParseError, parse_date
from reportgen.findings import Severity
from reportgen.formatting import format_period
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel import funder_columns as funder
from reportgen.sources.excel.serials import WINDOWS_EPOCH, from_excel
from reportgen.sources.excel.sheet import Collector, cell_ref, integer, shown, text_of
from reportgen.stats import EXIT_REASONS, OTHER

_LEADING_CODE = re.compile(r"^\s*(?:kod\s*)?(\d+)(?:[\s.:\-–]|$)", re.IGNORECASE)


class Invalid:
    """A value that could not be read; its finding has been added already."""


INVALID = Invalid()


class CellReader:
    """Reads and checks single cells of one sheet; problems go to the workbook's Collector."""

    def __init__(
        self,
        title: str,
        findings: Collector,
        *,
        intervention: tuple[date, date] | None,
        epoch: datetime | None,
        ladder: tuple[str, ...] | None = None,
    ) -> None:
        self.title = title
        self.ladder = ladder  # the funder's step names; None: steps 1–5
        self.step_names = {cols.value_key(n): i for i, n in enumerate(ladder or (), start=1)}
        self.findings = findings
        self.intervention = intervention
        self.epoch = epoch
        self.columns: dict[str, int] = {}  # key -> 1-based column index
        self.headers: dict[str, str] = {}  # key -> header as written
        self.problems = 0  # findings added so far: a reading that added none may be reused
        self.this_year = date.today().year

    def _where(self, r: int, key: str) -> str:
        return cell_ref(r, self.columns[key])

    def _problem(
        self, code: str, r: int, key: str, message: str, severity: Severity | None = None
    ) -> Invalid:
        self.problems += 1
        self.findings.add(
            code,
            message,
            self.title,
            self._where(r, key),
            severity=severity,
            group=self.headers.get(key, key),
        )
        return INVALID

    # value readers: each returns the value, None (empty) or INVALID (finding added)

    def _date(self, r: int, key: str, raw: Any) -> date | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
            number = int(raw)
            if 19000101 <= number <= 20991231:
                raw = str(number)
            elif 20000 <= number <= 80000:
                return self._excel_date(number)
        if isinstance(raw, str):
            try:
                return parse_date(raw)
            except DateParseError:
                pass
        return self._problem(
            "D003",
            r,
            key,
            f"'{shown(raw)}' är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-03-17, "
            "eller som ett Excel-datum.",
        )

    def _excel_date(self, serial: int) -> date:
        converted = from_excel(serial, self.epoch or WINDOWS_EPOCH)
        assert isinstance(converted, datetime)  # a whole number of days from 20 000 on
        return converted.date()

    def _outside_intervention(self, r: int, start: date, end: date | None) -> None:
        """Warn about dates the intervention's period cannot contain.

        A participant who started before the period and is still there when it
        begins is a carry-over (grants are yearly, insatser run for years), not
        an error; an episode that ended before the period began, or a date after
        it ended, is (domain.md §6.4: no one is pågående after the insats ended).
        """
        if self.intervention is None:
            return
        first, last = self.intervention
        if first > last or (start <= last and (end is None or first <= end <= last)):
            return  # the common row: nothing to say, and no period to word
        span = format_period(first, last)
        fix = (
            "Rätta datumet, eller ange insatsens hela tidsperiod under insats.tidsperiod om "
            "insatsen pågått längre."
        )
        if end is not None and end < first:
            self._problem(
                "D003",
                r,
                "slutdatum",
                f"Inskrivningen {format_period(start, end)} slutade före insatsens tidsperiod "
                f"({span}) och hör inte till insatsen. " + fix,
                Severity.VARNING,
            )
        elif start > last:
            self._problem(
                "D003",
                r,
                "startdatum",
                f"Startdatum {start.isoformat()} ligger efter insatsens slut ({span}). " + fix,
                Severity.VARNING,
            )
        elif end is not None and end > last:
            self._problem(
                "D003",
                r,
                "slutdatum",
                f"Slutdatum {end.isoformat()} ligger efter insatsens slut ({span}). " + fix,
                Severity.VARNING,
            )

    def _person(self, r: int, raw: Any) -> str:
        if raw is None or isinstance(raw, Invalid):
            if raw is None:
                self._problem(
                    "D002",
                    r,
                    "id",
                    "id saknas. Ge varje deltagare ett löpnummer eller en kod (samma på alla "
                    "rader för samma person); utan id räknas raden som en egen person.",
                )
            return f"\x00rad {r}"  # never equal to a real id
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, datetime):
            raw = raw.date().isoformat()
        return str(raw).strip().casefold()

    def _gender(self, r: int, raw: Any) -> str:
        if raw is None or isinstance(raw, Invalid):
            return OTHER
        found = cols.GENDER.lookup(str(raw))
        if found is None:
            self._problem(
                "D002",
                r,
                "kön",
                f"Kön '{shown(raw)}' känns inte igen och räknas som annat/uppgift saknas. "
                f"Tillåtna värden: {', '.join(cols.GENDER_SHOWN)}.",
                Severity.VARNING,
            )
            return OTHER
        return found

    def _birth_year(self, r: int, raw: Any) -> int | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        if isinstance(raw, datetime | date):
            return raw.year
        year = integer(raw)
        if year is None or not 1900 <= year <= self.this_year:
            return self._problem(
                "D002",
                r,
                "födelseår",
                f"Födelseåret '{shown(raw)}' är inget årtal. Skriv året med fyra siffror, "
                "t.ex. 1994.",
            )
        return year

    def _coded(self, r: int, key: str, raw: Any) -> str | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        text = text_of(raw)
        if key == "remittent":
            found, vocabulary = cols.referrer_for(text), cols.REFERRER
        elif key == "ordinarie_insats_efter_avslut":
            found, vocabulary = funder.ORDINARY.lookup(text), funder.ORDINARY
        else:
            found, vocabulary = cols.EDUCATION.lookup(text), cols.EDUCATION
        if found is None:
            return self._problem(
                "D002",
                r,
                key,
                f"'{shown(raw)}' är inget tillåtet värde i kolumnen '{self.headers[key]}'. "
                f"Tillåtna värden: {vocabulary.listing()}.",
            )
        return found

    def _income(self, r: int, key: str, raw: Any) -> frozenset[str]:
        if raw is None or isinstance(raw, Invalid):
            return frozenset()
        parts = [p for p in cols.INCOME_SEPARATORS.split(text_of(raw)) if p.strip()]
        found = {part: cols.INCOME.lookup(part) for part in parts}
        unknown = [part for part, value in found.items() if value is None]
        if unknown:
            quoted = ", ".join(f"'{shown(part)}'" for part in unknown)
            self._problem(
                "D002",
                r,
                key,
                f"{quoted} är ingen försörjningskälla. Tillåtna värden (ett eller flera, åtskilda "
                f"med semikolon): {cols.INCOME.listing()}.",
            )
            return frozenset()
        return frozenset(v for v in found.values() if v is not None)

    def _yes_no(self, r: int, key: str, raw: Any) -> bool | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        if isinstance(raw, bool):
            return raw
        found = cols.YES_NO.lookup(text_of(raw))
        if found is None:
            return self._problem(
                "D002",
                r,
                key,
                f"'{shown(raw)}' är inget tillåtet värde i kolumnen '{self.headers[key]}'. "
                "Skriv Ja eller Nej (eller lämna tomt om det inte är känt).",
            )
        return found == "ja"

    def _exit_code(self, r: int, raw: Any) -> int | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        code = integer(raw)
        if code is None and isinstance(raw, str):
            code = cols.EXIT_CODE_LABELS.get(cols.value_key(raw))
            if code is None and (match := _LEADING_CODE.match(raw)):
                code = int(match.group(1))
        if code not in range(1, 8):
            return self._problem(
                "D002",
                r,
                "avslutskod",
                f"Avslutskoden '{shown(raw)}' finns inte. Tillåtna SUS-koder: {exit_code_help()}.",
            )
        return code

    def _step(self, r: int, key: str, raw: Any) -> int | Invalid | None:
        if raw is None or isinstance(raw, Invalid):
            return raw
        step = integer(raw)
        if step is None and isinstance(raw, str) and self.ladder:
            step = self.step_names.get(cols.value_key(raw))
            if step is None and (match := _LEADING_CODE.match(raw)):
                step = int(match.group(1))  # "2 Kom i gång"
        steps = range(1, len(self.ladder) + 1) if self.ladder else cols.STEPS
        if step not in steps:
            allowed = (
                f"1–{len(self.ladder)} eller stegens namn: {', '.join(self.ladder)}"
                if self.ladder
                else "1, 2, 3, 4 eller 5"
            )
            return self._problem(
                "D002",
                r,
                key,
                f"Steget '{shown(raw)}' finns inte i processtrappan. Tillåtna värden: {allowed}.",
            )
        return step

    def _party(self, r: int, key: str, raw: Any) -> str | Invalid | None:
        """ "AF", "FK", "RV", "VS" or a combination ("AF-FK-RV-VS"), normalised."""
        if raw is None or isinstance(raw, Invalid):
            return raw
        found = funder.receiving_party(text_of(raw))
        if found is None:
            return self._problem(
                "D002",
                r,
                key,
                f"'{shown(raw)}' är ingen mottagande part. Skriv AF, FK, RV (regionen) eller VS "
                "(kommunen), eller flera med bindestreck, t.ex. AF-FK.",
            )
        return found


def valid(value: Any) -> Any:
    return None if isinstance(value, Invalid) else value


def exit_code_help() -> str:
    return "; ".join(f"{code} = {label}" for code, label in EXIT_REASONS.items())
