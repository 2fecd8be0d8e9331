"""insats.yaml -> Report model, with a location for every value and Swedish errors.

Problems are collected, not raised one at a time (as mkdocs does with its
config): an owner who misspelt three keys learns about all three in one run,
together with everything the rules find. A value the model refuses (an unknown
key, an amount that is no number, a date that is no date) is not fatal: it
becomes a finding at its line and is left out (`yaml_findings`), so the
remaining values are read and the rules still run. Only a file that is no YAML,
or holds values larger than any report, stops the reading. Remarks written
beside amounts and cost categories are kept or reported (`yaml_remarks`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, ProfileError
from reportgen.findings import Finding, Severity
from reportgen.location import Location, LocationMap
from reportgen.model import Report
from reportgen.model_keys import TEXT_MAPPINGS, amount_keys, text_keys
from reportgen.profile import Profile, load_profile
from reportgen.sources.yaml_findings import kind_of, validated
from reportgen.sources.yaml_remarks import amount_remarks, keep_category_remarks, keep_remarks
from reportgen.yamlio import LoadedYaml, YamlReadError, join_key, read_yaml_file

INSATS_FILE = "insats.yaml"

# Sizes beyond any real report. They keep one file's rendering work bounded and every
# value inside what Word allows: the document title is "<titel> – <namn>" and Word
# properties hold at most 255 characters.
MAX_CHARS = {"insats.namn": 200, "rapport.titel": 50}
MAX_SHORT_CHARS = 500
"""A name, an organisation, an e-mail address: one line of a table."""
MAX_TEXT_CHARS = 100_000
"""One free text (bakgrund, utfall …): some 40 pages."""
MAX_TEXT_LINES = 2_000
MAX_TOTAL_LINES = 20_000
"""Lines of all free text together; each becomes a paragraph or a bullet in Word."""
MAX_LIST_ITEMS = 500


def resolve_insats_path(path: Path) -> Path:
    """An intervention folder means its insats.yaml; a file means itself."""
    return path / INSATS_FILE if path.is_dir() else path


def load_report(path: Path, *, display: str | None = None) -> tuple[Report, list[Finding]]:
    """Read insats.yaml into a Report; raise InputError when it cannot be read at all.

    Returns the findings the source itself produced (B005, T005, G003 for values
    that cannot be read, F002 for unknown keys, B011 for remarks the report cannot
    show) alongside the model, in line order, so that `check` and `build` report
    them with the rest.
    """
    file = display or str(path)
    try:
        loaded = read_yaml_file(path)
    except YamlReadError as exc:
        findings = [
            Finding("F001", Severity.FEL, _sentence(p.message), Location(file, p.line, p.key))
            for p in exc.problems
        ]
        raise InputError(f"{file} kan inte läsas.", findings) from None
    return report_from_yaml(loaded, file)


def report_from_yaml(loaded: LoadedYaml, file: str) -> tuple[Report, list[Finding]]:
    data = loaded.data
    if data is None:
        raise InputError(
            f"{file} är tom.",
            [
                Finding(
                    "F002",
                    Severity.FEL,
                    "Filen är tom. Skapa en mall med 'reportgen init MAPP' och fyll i den.",
                    Location(file),
                )
            ],
        )
    if not isinstance(data, dict):
        raise InputError(
            f"{file} har fel form.",
            [
                Finding(
                    "F002",
                    Severity.FEL,
                    "Filen måste bestå av nycklar med värden (t.ex. 'insats:' och 'mål:'), "
                    f"men innehåller {kind_of(data)}. Jämför med 'reportgen init'.",
                    Location(file, 1),
                )
            ],
        )
    locations = LocationMap(file)
    for key, line in loaded.lines.items():
        locations.add(key, Location(file, line, key))
    oversized = size_findings(data, locations)
    if oversized:
        raise InputError(f"{file} innehåller för långa värden.", oversized)

    remarks = amount_remarks(data, _amount_keys())
    report, findings = validated(data, locations, file)
    findings += keep_remarks(report, remarks, locations)
    profile = _profile(report)
    if profile is not None:
        keep_category_remarks(report, profile)
    report.attach_locations(locations)
    return report, sorted(findings, key=lambda f: f.location.line or 0)


def _profile(report: Report) -> Profile | None:
    """The funder's profile, for the names of its cost categories; None when it cannot be
    loaded (the loader reports that as F002 at `förbund`)."""
    try:
        return load_profile(report.funder)
    except ProfileError:
        return None


_POSITIONS = re.compile(r"\[\d+\]")
"""A list position in a dotted key (`mål[2].utfall`); compiled once, asked for every value."""


def size_findings(data: Any, locations: LocationMap) -> list[Finding]:
    """F002 for every value longer than a report can hold (see MAX_*), at its line."""
    texts = _text_keys() | {
        key for key in _keys_in(data) if key.partition(".")[0] in TEXT_MAPPINGS and "." in key
    }
    amounts = _amount_keys()  # the amount parser words its own limit
    findings: list[Finding] = []
    lines_per_text: dict[str, int] = {}

    def visit(value: Any, key: str) -> None:
        bare = _POSITIONS.sub("", key) if "[" in key else key
        if isinstance(value, dict):
            for name, item in value.items():
                visit(item, join_key(key, name))
            return
        if isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                findings.append(
                    _too_big(
                        locations,
                        key,
                        f"Listan har {len(value)} rader; högst {MAX_LIST_ITEMS} får plats i "
                        "rapporten.",
                    )
                )
            if bare in texts:
                text = "\n".join(str(item) for item in value)
                lines_per_text[key] = len(value)
                _check_text(text, key, len(value))
                return
            for index, item in enumerate(value[:MAX_LIST_ITEMS]):
                visit(item, join_key(key, index))
            return
        if not isinstance(value, str) or bare in amounts:
            return
        if bare in texts:
            lines = len(value.splitlines()) or 1
            lines_per_text[key] = lines
            _check_text(value, key, lines)
            return
        limit = MAX_CHARS.get(bare, MAX_SHORT_CHARS)
        if len(value) > limit:
            why = (
                " (det blir också Word-dokumentets titel)"
                if bare in MAX_CHARS
                else " – längre text hör hemma i ett av textavsnitten"
            )
            findings.append(
                _too_big(
                    locations,
                    key,
                    f"Värdet är {len(value)} tecken långt; högst {limit} tecken får plats här"
                    f"{why}. Korta det.",
                )
            )

    def _check_text(text: str, key: str, lines: int) -> None:
        if len(text) > MAX_TEXT_CHARS:
            findings.append(
                _too_big(
                    locations,
                    key,
                    f"Texten är {len(text)} tecken lång; en text får "
                    f"vara högst {MAX_TEXT_CHARS} tecken (ungefär 40 sidor).",
                )
            )
        elif lines > MAX_TEXT_LINES:
            findings.append(
                _too_big(
                    locations,
                    key,
                    f"Texten har {lines} rader; en text får ha högst "
                    f"{MAX_TEXT_LINES} rader (stycken och punkter).",
                )
            )

    visit(data, "")
    total = sum(lines_per_text.values())
    if not findings and total > MAX_TOTAL_LINES:
        longest = max(lines_per_text, key=lines_per_text.__getitem__)
        findings.append(
            _too_big(
                locations,
                longest,
                f"Den här och de andra texterna har tillsammans "
                f"{total} rader; en rapport får ha högst {MAX_TOTAL_LINES}.",
            )
        )
    return findings


@cache
def _text_keys() -> frozenset[str]:
    """model_keys.text_keys once per process: it walks the model's types (0.15 ms), which
    never change while it runs."""
    return text_keys()


@cache
def _amount_keys() -> frozenset[str]:
    """model_keys.amount_keys once per process, as `_text_keys` (asked twice per file)."""
    return amount_keys()


def _too_big(locations: LocationMap, key: str, what: str) -> Finding:
    return Finding("F002", Severity.FEL, what, locations.at(key))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _keys_in(data: Any) -> set[str]:
    """`avsnitt.<namn>` for each of the funder's own texts the file holds (free text too)."""
    if not isinstance(data, dict):
        return set()
    return {
        f"{top}.{name}"
        for top in TEXT_MAPPINGS
        if isinstance(data.get(top), dict)
        for name in data[top]
    }
