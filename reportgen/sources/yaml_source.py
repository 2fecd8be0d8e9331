"""insats.yaml -> Report model, with a location for every value and Swedish errors.

Problems are collected, not raised one at a time (as mkdocs does with its
config): an owner who misspelt three keys learns about all three in one run.
A number that cannot be read as an amount is not fatal: it becomes a B005
finding and the value is left out, so the remaining rules still run.
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import replace
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reportgen.errors import InputError
from reportgen.findings import Finding, Severity
from reportgen.folding import without_diacritics
from reportgen.formatting import printable
from reportgen.location import Location, LocationMap
from reportgen.model import Report
from reportgen.model_keys import TEXT_MAPPINGS, amount_keys, text_keys
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

    Returns the findings the source itself produced (B005 for unreadable amounts)
    alongside the model, so that `check` and `build` report them with the rest.
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
                    f"men innehåller {_kind_of(data)}. Jämför med 'reportgen init'.",
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

    amount_findings: list[Finding] = []
    for _attempt in range(2):
        try:
            report = Report.model_validate(data)
        except ValidationError as exc:
            amount_errors = [e for e in exc.errors() if e["type"] == "amount"]
            other_errors = [e for e in exc.errors() if e["type"] != "amount"]
            amount_findings = [_amount_finding(e, locations) for e in amount_errors]
            if other_errors:
                findings = [_schema_finding(e, locations) for e in other_errors]
                raise InputError(
                    f"{file} följer inte formatet för insats.yaml.",
                    amount_findings + findings,
                ) from None
            for error in amount_errors:
                _set_none(data, error["loc"])
            continue
        report.attach_locations(locations)
        return report, amount_findings
    raise AssertionError("unreachable: amounts were cleared before the second attempt")


def size_findings(data: Any, locations: LocationMap) -> list[Finding]:
    """F002 for every value longer than a report can hold (see MAX_*), at its line."""
    texts = text_keys() | {
        key for key in _keys_in(data) if key.partition(".")[0] in TEXT_MAPPINGS and "." in key
    }
    amounts = amount_keys()  # the amount parser words its own limit
    findings: list[Finding] = []
    lines_per_text: dict[str, int] = {}

    def visit(value: Any, key: str) -> None:
        bare = re.sub(r"\[\d+\]", "", key)
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


def _too_big(locations: LocationMap, key: str, what: str) -> Finding:
    return Finding("F002", Severity.FEL, what, locations.at(key))


def _set_none(data: Any, loc: tuple[Any, ...]) -> None:
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = None


def _key_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path = join_key(path, part)
    return path


def _amount_finding(error: Any, locations: LocationMap) -> Finding:
    key = _key_path(error["loc"])
    message = error["ctx"]["message"] if error.get("ctx") else error["msg"]
    return Finding("B005", Severity.FEL, message, locations.at(key))


def _schema_finding(error: Any, locations: LocationMap) -> Finding:
    loc: tuple[Any, ...] = error["loc"]
    key = _key_path(loc)
    where = locations.at(key)
    if where.key and printable(where.key, 200) != where.key:  # a key typed with controls
        where = replace(where, key=printable(where.key, 200))
    return Finding("F002", Severity.FEL, _schema_message(error, loc), where)


def _schema_message(error: Any, loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    value = error.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        suggestion = _closest(name, known)
        text = f"Okänd nyckel '{printable(name)}'"
        if suggestion:
            text += f" – menade du '{suggestion}'?"
        else:
            text += "."
        if known:
            text += f" Tillåtna nycklar här: {', '.join(known)}."
        return text
    if kind == "missing":
        return f"Nyckeln '{printable(name)}' saknas. Lägg till den."
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        allowed = allowed.replace("'", "").replace(" or ", ", ")
        return f"Värdet {_show(value)} är inte tillåtet för '{name}'. Tillåtna värden: {allowed}."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return (
            f"'{name}' ska innehålla nycklar med värden (en mappning), "
            f"men innehåller {_kind_of(value)}."
        )
    if kind == "list_type":
        return (
            f"'{name}' ska vara en lista (rader som börjar med '- '), "
            f"men innehåller {_kind_of(value)}."
        )
    if kind in {"string_type", "str_type"}:
        return f"'{name}' ska vara text, men innehåller {_kind_of(value)}."
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            f"Värdet {_show(value)} för '{name}' är inget giltigt datum. "
            "Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2025-12-31."
        )
    if kind.startswith("float") or kind.startswith("int") or kind.startswith("decimal"):
        return f"Värdet {_show(value)} för '{name}' ska vara ett tal, t.ex. 1.0 eller 0,5."
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"Värdet {_show(value)} för '{name}' ligger utanför det rimliga intervallet."
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"'{name}' får ha högst {limit} rader (mallen har {limit} platser)."
    return f"Ogiltigt värde {_show(value)} för '{name}' ({printable(error['msg'], 200)})."


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{printable(value)}"'
    if isinstance(value, dict | list):
        return _kind_of(value)
    return printable(repr(value))


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, bool):
        return f"sanningsvärdet {value}"
    if isinstance(value, int | float):
        return f"talet {value}"
    if value is None:
        return "inget värde"
    if isinstance(value, str):
        return f'texten "{printable(value, 40)}"'
    return f"ett värde av typen {type(value).__name__}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _closest(name: str, known: list[str]) -> str | None:
    """Suggest a key, forgiving missing å/ä/ö (`malgrupp` -> `målgrupp`) and case."""
    folded = {without_diacritics(k): k for k in known}
    match = difflib.get_close_matches(without_diacritics(name), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(Report, loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow a pydantic error location through the model classes to the enclosing model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is list:
                current = get_args(current)[0]
                continue
            return None
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for n, f in current.model_fields.items() if f.alias == part or n == part), None
        )
        if field is None:
            return None
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(annotation: Any) -> Any:
    """`Party | None` -> Party; leaves list[...] alone so indexes can be followed."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                return _unwrap(arg)
    return annotation


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
