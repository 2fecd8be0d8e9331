"""The `Deltagare` sheet -> participant episodes, each problem reported at its cell.

One row is one episode (domain.md §6): `id`, `kön`, dates, coded values. The
headers are matched tolerantly (excel_columns); every cell of a row is read
and checked before the row is judged, so one run shows everything wrong with
it. A row whose dates cannot be used is left out of the statistics (after a
finding); any other unreadable value counts as "not recorded".
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportgen.dates import DateParseError, parse_date
from reportgen.findings import Severity
from reportgen.formatting import format_period
from reportgen.sources import excel_columns as cols
from reportgen.sources.excel_sheet import (
    EXCEL_ERRORS,
    HEADER_SEARCH_ROWS,
    Collector,
    Refused,
    Sheet,
    cell_ref,
    integer,
    is_blank,
    shown,
)
from reportgen.stats import EXIT_REASONS, OTHER, Episode

__all__ = ["Episodes", "ParticipantSheet"]

_LEADING_CODE = re.compile(r"^\s*(?:kod\s*)?(\d+)(?:[\s.:\-–]|$)", re.IGNORECASE)


@dataclass
class Episodes:
    """The usable rows, and which columns the sheet has (tables need their columns)."""

    rows: list[Episode]
    columns: frozenset[str]


class _Invalid:
    """A value that could not be read; its finding has been added already."""


INVALID = _Invalid()


class ParticipantSheet:
    """Reads one `Deltagare` sheet; problems go to the workbook's Collector."""

    def __init__(
        self,
        sheet: Sheet,
        findings: Collector,
        *,
        uncached: set[tuple[int, int]],
        intervention: tuple[date, date] | None,
        epoch: datetime | None,
    ) -> None:
        self.sheet = sheet
        self.uncached = uncached
        self.uncached_rows = {r for r, _c in uncached}
        self.findings = findings
        self.intervention = intervention
        self.epoch = epoch
        self.title = sheet.title
        self.columns: dict[str, int] = {}  # key -> 1-based column index
        self.headers: dict[str, str] = {}  # key -> header as written

    def read(self) -> Episodes:
        header_row = self._header_row()
        self._map_columns(header_row)
        episodes: list[Episode] = []
        for r in range(header_row + 1, len(self.sheet.rows) + 1):
            row = self.sheet.rows[r - 1]
            if r not in self.uncached_rows and all(is_blank(v) for v in row):
                continue
            episode = self._episode(r, row)
            if episode is not None:
                episodes.append(episode)
        self._check_overlaps(episodes)
        return Episodes(episodes, frozenset(self.columns))

    # headers

    def _header_row(self) -> int:
        for r, row in enumerate(self.sheet.rows[:HEADER_SEARCH_ROWS], start=1):
            found = {spec.key for v in row if isinstance(v, str) and (spec := cols.column_for(v))}
            if len(found) >= 2 and found & {"id", "startdatum"}:
                return r
        expected = ", ".join(spec.key for spec in cols.COLUMNS)
        self.findings.add(
            "F002",
            f"Hittar ingen rubrikrad i bladet '{self.title}'. Första raden ska innehålla "
            f"kolumnrubrikerna: {expected}.",
            self.title,
            "A1",
        )
        raise Refused

    def _map_columns(self, header_row: int) -> None:
        unknown: list[tuple[int, str]] = []
        duplicates = False
        for c, value in enumerate(self.sheet.rows[header_row - 1], start=1):
            if is_blank(value):
                continue
            text = str(value).strip()
            spec = cols.column_for(text)
            if spec is None:
                unknown.append((c, text))
                continue
            if spec.key in self.columns:
                duplicates = True
                first = cell_ref(header_row, self.columns[spec.key])
                self.findings.add(
                    "F002",
                    f"Kolumnen '{text}' betyder samma sak som '{self.headers[spec.key]}' "
                    f"({first}). Ta bort eller döp om den ena, så att varje uppgift finns i en "
                    "kolumn.",
                    self.title,
                    cell_ref(header_row, c),
                )
                continue
            self.columns[spec.key] = c
            self.headers[spec.key] = text

        known_keys = {cols.header_key(spec.key): spec.key for spec in cols.COLUMNS}
        for c, text in unknown:
            close = difflib.get_close_matches(
                cols.header_key(text), list(known_keys), n=1, cutoff=0.8
            )
            if close and known_keys[close[0]] not in self.columns:
                self.findings.add(
                    "F002",
                    f"Kolumnen '{text}' känns inte igen och läses inte – menade du "
                    f"'{known_keys[close[0]]}'? Rätta rubriken.",
                    self.title,
                    cell_ref(header_row, c),
                    severity=Severity.VARNING,
                )

        missing = [spec for spec in cols.COLUMNS if spec.required and spec.key not in self.columns]
        for spec in missing:
            found = ", ".join(f"'{h}'" for h in self.headers.values()) or "inga kända"
            self.findings.add(
                "F002",
                f"Kolumnen '{spec.key}' saknas i bladet '{self.title}' (rubrikerna står på rad "
                f"{header_row}; kända kolumner i filen: {found}). Lägg till den: "
                f"{spec.description}",
                self.title,
                f"{header_row}:{header_row}",
            )
        if missing or duplicates:
            raise Refused

    # one row

    def _raw(self, row: tuple[Any, ...], key: str) -> Any:
        c = self.columns.get(key)
        if c is None or c > len(row):
            return None
        return row[c - 1]

    def _where(self, r: int, key: str) -> str:
        return cell_ref(r, self.columns[key])

    def _problem(
        self, code: str, r: int, key: str, message: str, severity: Severity | None = None
    ) -> _Invalid:
        self.findings.add(
            code,
            message,
            self.title,
            self._where(r, key),
            severity=severity,
            group=self.headers.get(key, key),
        )
        return INVALID

    def _value(self, r: int, row: tuple[Any, ...], key: str) -> Any:
        """The raw value, or INVALID for an uncalculated formula or an Excel error value."""
        if key not in self.columns:
            return None
        if (r, self.columns[key]) in self.uncached:
            return self._problem(
                "F002",
                r,
                key,
                "Cellen innehåller en formel utan sparat värde. Öppna filen i Excel och spara "
                "den (så räknas värdet ut), eller skriv in värdet direkt.",
            )
        value = self._raw(row, key)
        if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
            return self._problem(
                "D002",
                r,
                key,
                f"Cellen visar Excel-felet {value.strip()} i stället för ett värde. Rätta "
                "formeln eller skriv in värdet.",
            )
        if (
            isinstance(value, str)
            and cols.value_key(value) in cols.NOT_RECORDED
            and key
            not in {
                "försörjning_före",
                "försörjning_efter",
                "utbildning",
                "kön",
            }
        ):
            return None
        return None if is_blank(value) else value

    def _episode(self, r: int, row: tuple[Any, ...]) -> Episode | None:
        """One row -> an Episode, or None when its dates make it unusable.

        Every cell is read (and every problem reported) before the row is
        judged, so one run shows all that is wrong with it.
        """
        values = {key: self._value(r, row, key) for key in self.columns}
        start = self._date(r, "startdatum", values["startdatum"])
        end = self._date(r, "slutdatum", values["slutdatum"])
        person = self._person(r, values.get("id"))
        code = self._exit_code(r, values.get("avslutskod"))
        episode_fields: dict[str, Any] = {
            "person": person,
            "gender": self._gender(r, values.get("kön")),
            "birth_year": _valid(self._birth_year(r, values.get("födelseår"))),
            "referrer": _valid(self._coded(r, "remittent", values.get("remittent"))),
            "income_before": self._income(r, "försörjning_före", values.get("försörjning_före")),
            "income_after": self._income(r, "försörjning_efter", values.get("försörjning_efter")),
            "seeking_before": _valid(
                self._yes_no(
                    r, "aktivt_arbetssökande_före", values.get("aktivt_arbetssökande_före")
                )
            ),
            "seeking_after": _valid(
                self._yes_no(
                    r, "aktivt_arbetssökande_efter", values.get("aktivt_arbetssökande_efter")
                )
            ),
            "exit_code": _valid(code),
            "step_start": _valid(self._step(r, "steg_start", values.get("steg_start"))),
            "step_end": _valid(self._step(r, "steg_slut", values.get("steg_slut"))),
            "education": _valid(self._coded(r, "utbildning", values.get("utbildning"))),
        }

        if start is None:
            self._problem(
                "D003",
                r,
                "startdatum",
                "Startdatum saknas. Fyll i inskrivningsdatumet (ÅÅÅÅ-MM-DD); raden räknas inte "
                "förrän det finns.",
            )
        if isinstance(end, date) and isinstance(start, date) and end < start:
            self._problem(
                "D003",
                r,
                "slutdatum",
                f"Slutdatum {end.isoformat()} är före startdatum {start.isoformat()}. Rätta "
                "datumen; raden räknas inte förrän de stämmer.",
            )
            return None
        if isinstance(end, date) and code is None:
            self._problem(
                "D002",
                r,
                "avslutskod",
                f"Avslutskod saknas fast deltagaren avslutades {end.isoformat()}. Fyll i "
                f"SUS-koden 1–7 ({_exit_code_help()}).",
            )
        if end is None and isinstance(code, int):
            self._problem(
                "D003",
                r,
                "slutdatum",
                f"Avslutskod {code} är ifylld men slutdatum saknas. Fyll i avslutsdatumet, eller "
                "ta bort koden om deltagaren fortfarande är inskriven.",
            )
        if not isinstance(start, date) or isinstance(end, _Invalid):
            return None
        self._outside_intervention(r, start, end)
        return Episode(row=r, start=start, end=end, **episode_fields)

    # value readers: each returns the value, None (empty) or INVALID (finding added)

    def _date(self, r: int, key: str, raw: Any) -> date | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
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
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(serial, self.epoch) if self.epoch else from_excel(serial)
        return converted.date() if isinstance(converted, datetime) else converted

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
        if first > last:
            return
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
        if raw is None or isinstance(raw, _Invalid):
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
        if raw is None or isinstance(raw, _Invalid):
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

    def _birth_year(self, r: int, raw: Any) -> int | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
            return raw
        if isinstance(raw, datetime | date):
            return raw.year
        year = integer(raw)
        if year is None or not 1900 <= year <= date.today().year:
            return self._problem(
                "D002",
                r,
                "födelseår",
                f"Födelseåret '{shown(raw)}' är inget årtal. Skriv året med fyra siffror, "
                "t.ex. 1994.",
            )
        return year

    def _coded(self, r: int, key: str, raw: Any) -> str | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
            return raw
        text = shown(raw)
        if key == "remittent":
            found, vocabulary = cols.referrer_for(text), cols.REFERRER
        else:
            found, vocabulary = cols.EDUCATION.lookup(text), cols.EDUCATION
        if found is None:
            return self._problem(
                "D002",
                r,
                key,
                f"'{text}' är inget tillåtet värde i kolumnen '{self.headers[key]}'. Tillåtna "
                f"värden: {vocabulary.listing()}.",
            )
        return found

    def _income(self, r: int, key: str, raw: Any) -> frozenset[str]:
        if raw is None or isinstance(raw, _Invalid):
            return frozenset()
        parts = [p for p in cols.INCOME_SEPARATORS.split(shown(raw)) if p.strip()]
        found = {part: cols.INCOME.lookup(part) for part in parts}
        unknown = [part for part, value in found.items() if value is None]
        if unknown:
            quoted = ", ".join(f"'{part}'" for part in unknown)
            self._problem(
                "D002",
                r,
                key,
                f"{quoted} är ingen försörjningskälla. Tillåtna värden (ett eller flera, åtskilda "
                f"med semikolon): {cols.INCOME.listing()}.",
            )
            return frozenset()
        return frozenset(v for v in found.values() if v is not None)

    def _yes_no(self, r: int, key: str, raw: Any) -> bool | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
            return raw
        if isinstance(raw, bool):
            return raw
        found = cols.YES_NO.lookup(shown(raw))
        if found is None:
            return self._problem(
                "D002",
                r,
                key,
                f"'{shown(raw)}' är inget tillåtet värde i kolumnen '{self.headers[key]}'. "
                "Skriv Ja eller Nej (eller lämna tomt om det inte är känt).",
            )
        return found == "ja"

    def _exit_code(self, r: int, raw: Any) -> int | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
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
                f"Avslutskoden '{shown(raw)}' finns inte. Tillåtna SUS-koder: {_exit_code_help()}.",
            )
        return code

    def _step(self, r: int, key: str, raw: Any) -> int | _Invalid | None:
        if raw is None or isinstance(raw, _Invalid):
            return raw
        step = integer(raw)
        if step not in cols.STEPS:
            return self._problem(
                "D002",
                r,
                key,
                f"Steget '{shown(raw)}' finns inte i processtrappan. Tillåtna värden: 1, 2, 3, "
                "4 eller 5.",
            )
        return step

    def _check_overlaps(self, episodes: Iterable[Episode]) -> None:
        by_person: dict[str, list[Episode]] = defaultdict(list)
        for episode in episodes:
            by_person[episode.person].append(episode)
        for person_episodes in by_person.values():
            ordered = sorted(person_episodes, key=lambda e: (e.start, e.row))
            for previous, current in itertools.pairwise(ordered):
                if previous.end is None or current.start <= previous.end:
                    self._problem(
                        "D003",
                        current.row,
                        "startdatum",
                        f"Inskrivningen på rad {current.row} börjar innan samma deltagares "
                        f"inskrivning på rad {previous.row} har avslutats. En person kan bara "
                        "vara inskriven en gång åt gången: fyll i slutdatum på den första raden "
                        "eller rätta id eller datum.",
                        Severity.VARNING,
                    )


def _valid(value: Any) -> Any:
    return None if isinstance(value, _Invalid) else value


def _exit_code_help() -> str:
    return "; ".join(f"{code} = {label}" for code, label in EXIT_REASONS.items())
