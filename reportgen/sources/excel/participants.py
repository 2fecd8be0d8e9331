"""The `Deltagare` sheet -> participant episodes, each problem reported at its cell.

One row is one episode (domain.md §6): `id`, `kön`, dates, coded values. The
headers are matched tolerantly (`columns`); every cell of a row is read
and checked before the row is judged, so one run shows everything wrong with
it. A row whose dates cannot be used is left out of the statistics (after a
finding); any other unreadable value counts as "not recorded".
"""

from __future__ import annotations

import difflib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportgen.findings import Severity
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.cells import CellReader, Invalid, exit_code_help, valid
from reportgen.sources.excel.sheet import (
    EXCEL_ERRORS,
    Collector,
    Refused,
    Sheet,
    cell_ref,
    is_blank,
    shown,
    text_of,
)
from reportgen.stats import Episode

__all__ = ["Episodes", "ParticipantSheet"]

_UNSEEN = object()
# Columns where "Ej reg." is a value of its own, not "not recorded".
_OWN_NOT_RECORDED = frozenset(
    {"försörjning_före", "försörjning_efter", "utbildning", "kön", "ordinarie_insats_efter_avslut"}
)


@dataclass
class Episodes:
    """The usable rows, and which columns the sheet has (tables need their columns)."""

    rows: list[Episode]
    columns: frozenset[str]


class ParticipantSheet(CellReader):
    """Reads one `Deltagare` sheet; problems go to the workbook's Collector."""

    def __init__(
        self,
        sheet: Sheet,
        findings: Collector,
        *,
        intervention: tuple[date, date] | None,
        epoch: datetime | None,
        ladder: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(
            sheet.title, findings, intervention=intervention, epoch=epoch, ladder=ladder
        )
        self.sheet = sheet
        self.uncached = sheet.uncached
        self.uncached_rows = {r for r, _c in sheet.uncached}
        # (key, column, what each text read as) for _values; filled once the columns are known
        self._columns_read: list[tuple[str, int, dict[str, Any]]] = []
        # (Episode field, column key, reader, what each text read as), in the order the
        # cells of a row are read, which is the order of their findings
        self._field_readers: list[tuple[str, str, Callable[[int, str, Any], Any], dict]] = [
            ("gender", "kön", lambda r, _key, raw: self._gender(r, raw), {}),
            ("birth_year", "födelseår", lambda r, _key, raw: self._birth_year(r, raw), {}),
            ("referrer", "remittent", self._coded, {}),
            ("income_before", "försörjning_före", self._income, {}),
            ("income_after", "försörjning_efter", self._income, {}),
            ("seeking_before", "aktivt_arbetssökande_före", self._yes_no, {}),
            ("seeking_after", "aktivt_arbetssökande_efter", self._yes_no, {}),
            ("step_start", "steg_start", self._step, {}),
            ("step_end", "steg_slut", self._step, {}),
            ("education", "utbildning", self._coded, {}),
            ("enhanced_af_fk", "vidare_fs_af_fk", self._yes_no, {}),
            ("ordinary_after", "ordinarie_insats_efter_avslut", self._coded, {}),
            ("receiving_party", "mottagande_part_vid_avslut", self._party, {}),
        ]
        # the readers of the sheet's own columns, and what the others give every row
        self._row_readers = self._field_readers
        self._absent: dict[str, Any] = {}

    def read(self) -> Episodes:
        header_row = self._header_row()
        self._map_columns(header_row)
        self._columns_read = [(key, c, {}) for key, c in self.columns.items()]
        # A column the sheet lacks is an empty cell on every row, and a reader reads an empty
        # cell without a finding (tests/test_excel_source.py): read once, not once per row.
        self._row_readers = [entry for entry in self._field_readers if entry[1] in self.columns]
        self._absent = {
            name: valid(read(header_row, key, None))
            for name, key, read, _seen in self._field_readers
            if key not in self.columns
        }
        episodes: list[Episode] = []
        for r in self.sheet.after(header_row):
            row = self.sheet.row(r)
            if r not in self.uncached_rows and all(is_blank(v) for v in row):
                continue
            episode = self._episode(r, row)
            if episode is not None:
                episodes.append(episode)
        self._check_overlaps(episodes)
        return Episodes(episodes, frozenset(self.columns))

    # headers

    def _header_row(self) -> int:
        for r, row in self.sheet.head():
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
        for c, value in enumerate(self.sheet.row(header_row), start=1):
            if is_blank(value):
                continue
            text = shown(value)
            spec = cols.column_for(text_of(value))
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

    def _values(self, r: int, row: tuple[Any, ...]) -> dict[str, Any]:
        """Each column's raw value in the row: None when empty or "not recorded", INVALID
        (after a finding) for an uncalculated formula or an Excel error value.

        Runs for every cell of the sheet, so it reads the row once, in one loop, and a
        text met before in the column is not looked at again.
        """
        found: dict[str, Any] = {}
        width = len(row)
        uncached = self.uncached if r in self.uncached_rows else None
        for key, c, seen in self._columns_read:
            if uncached and (r, c) in uncached:
                found[key] = self._problem(
                    "F002",
                    r,
                    key,
                    "Cellen innehåller en formel utan sparat värde. Öppna filen i Excel och spara "
                    "den (så räknas värdet ut), eller skriv in värdet direkt.",
                )
                continue
            value = row[c - 1] if c <= width else None
            if value.__class__ is str:
                known = seen.get(value, _UNSEEN)
                if known is not _UNSEEN:
                    value = known
                else:
                    text = value.strip()
                    if text.upper() in EXCEL_ERRORS:  # a finding each time: not remembered
                        value = self._problem(
                            "D002",
                            r,
                            key,
                            f"Cellen visar Excel-felet {shown(value)} i stället för ett värde. "
                            "Rätta formeln eller skriv in värdet.",
                        )
                    else:
                        if not text or (
                            key not in _OWN_NOT_RECORDED
                            and cols.value_key(value) in cols.NOT_RECORDED
                        ):
                            seen[value] = None
                        else:
                            seen[value] = value
                        value = seen[value]
            found[key] = value
        return found

    def _episode(self, r: int, row: tuple[Any, ...]) -> Episode | None:
        """One row -> an Episode, or None when its dates make it unusable.

        Every cell is read (and every problem reported) before the row is
        judged, so one run shows all that is wrong with it. A value that a column's
        reader read without a finding (a text, an empty cell, a year …) is read the
        same way the next time: it is taken from that column's memory
        (`_field_readers`), a value other than text or None kept with its class.
        """
        values = self._values(r, row)
        start = self._date(r, "startdatum", values["startdatum"])
        end = self._date(r, "slutdatum", values["slutdatum"])
        person = self._person(r, values.get("id"))
        code = self._exit_code(r, values.get("avslutskod"))
        episode_fields: dict[str, Any] = {"row": r, "start": start, "end": end, "person": person}
        for name, key, read, seen in self._row_readers:
            raw = values.get(key)
            # a text or an empty cell by itself; a number, date … with its class (1, 1.0, True)
            memo = raw if raw is None or raw.__class__ is str else (raw.__class__, raw)
            found = seen.get(memo, _UNSEEN)
            if found is _UNSEEN:
                before = self.problems
                found = valid(read(r, key, raw))
                if self.problems == before:
                    seen[memo] = found
            episode_fields[name] = found
        episode_fields.update(self._absent)
        episode_fields["exit_code"] = valid(code)

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
                f"SUS-koden 1–7 ({exit_code_help()}).",
            )
        if end is None and isinstance(code, int):
            self._problem(
                "D003",
                r,
                "slutdatum",
                f"Avslutskod {code} är ifylld men slutdatum saknas. Fyll i avslutsdatumet, eller "
                "ta bort koden om deltagaren fortfarande är inskriven.",
            )
        if not isinstance(start, date) or isinstance(end, Invalid):
            return None
        self._outside_intervention(r, start, end)
        return Episode.of_fields(episode_fields)

    def _check_overlaps(self, episodes: Iterable[Episode]) -> None:
        by_person: dict[str, list[Episode]] = defaultdict(list)
        for episode in episodes:
            by_person[episode.person].append(episode)
        for person_episodes in by_person.values():
            if len(person_episodes) < 2:
                continue  # the usual person: one episode, nothing to overlap
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
