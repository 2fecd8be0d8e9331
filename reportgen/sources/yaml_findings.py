"""What the report model refuses in insats.yaml, as findings at the owner's line.

The YAML source validates the raw values against the model (`validated`). A
refused value never stops the reading: it is reported and left out, and the
rest is validated again, so every other value is still read and every rule
still runs – all findings of one file come in one round (issue 13).

* Wrong values are content findings: an amount that is no number (B005), a
  date or period that cannot be read (T005), an answer to "uppnått" that is
  none of the allowed (G003). The model's validators name them by their
  pydantic error type (`reportgen.model_values.VALUE_ERRORS`).
* An unknown key or a value of the wrong kind (a list where a mapping
  belongs) is F002, worded here with the key's neighbours and "menade du …?".
"""

from __future__ import annotations

import difflib
import types
from dataclasses import replace
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reportgen.codes import finding
from reportgen.errors import InputError
from reportgen.findings import Finding, Severity
from reportgen.folding import without_diacritics
from reportgen.formatting import printable
from reportgen.location import LocationMap
from reportgen.model import Report
from reportgen.model_values import VALUE_ERRORS
from reportgen.yamlio import join_key

__all__ = ["kind_of", "validated"]

# A value the model refuses is reported under this code and left out, so every other
# value is still read and every rule still runs: all findings come in one round.
_CODES = {"amount": "B005", **VALUE_ERRORS}
_MAX_ROUNDS = 8
"""Validations before giving up; each round leaves out at least one refused value."""


def validated(data: Any, locations: LocationMap, file: str) -> tuple[Report, list[Finding]]:
    """The report with every refused value left out, and a finding for each of them.

    Wrong values (an amount, a date, an answer) are content findings (B005, T005,
    G003); an unknown key or a value of the wrong kind is F002. None of them
    stops the reading: the value is left out and the rest is validated again. A
    value that a mapping cannot do without (`från` of a period) takes its
    mapping with it, reported once, at the value the owner wrote.
    """
    findings: list[Finding] = []
    left_out: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # what was removed -> its report
    for _round in range(_MAX_ROUNDS):
        try:
            return Report.model_validate(data), findings
        except ValidationError as exc:
            errors = exc.errors()
        progressed = False
        for error in errors:  # a list item is emptied, never removed: positions stay
            loc = tuple(error["loc"])
            if loc in left_out or error["type"] == "missing":
                target = loc[:-1]
                reported = left_out.get(loc, loc)
                if error["type"] == "missing" and loc not in left_out:
                    findings.append(_schema_finding(error, locations))
                _rekey(findings, reported, target)
            else:
                findings.append(_value_finding(error, locations))
                target, reported = loc, loc
            if target and _leave_out(data, target):
                left_out[target] = reported
                progressed = True
        if not progressed:
            break
    raise InputError(f"{file} följer inte formatet för insats.yaml.", findings)


def _value_finding(error: Any, locations: LocationMap) -> Finding:
    code = _CODES.get(error["type"])
    if code is None:
        return _schema_finding(error, locations)
    message = error["ctx"]["message"] if error.get("ctx") else error["msg"]
    return finding(code, message, locations.at(_key_path(error["loc"])))


def _rekey(findings: list[Finding], reported: tuple[Any, ...], target: tuple[Any, ...]) -> None:
    """A finding whose value took its mapping with it names the mapping's key (at the same line),
    so that a rule about the mapping (S001 "tidsperiod saknas") knows it was reported."""
    key, wider = _key_path(reported), _key_path(target)
    for index, found in enumerate(findings):
        if found.location.key == key and wider:
            findings[index] = replace(found, location=replace(found.location, key=wider))


def _leave_out(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at `loc` (a list item becomes an empty row); False if nothing changed."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        if parent[last] == {}:
            return False
        parent[last] = {}
        return True
    return False


def _key_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path = join_key(path, part)
    return path


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
            f"men innehåller {kind_of(value)}."
        )
    if kind == "list_type":
        return (
            f"'{name}' ska vara en lista (rader som börjar med '- '), "
            f"men innehåller {kind_of(value)}."
        )
    if kind in {"string_type", "str_type"}:
        return f"'{name}' ska vara text, men innehåller {kind_of(value)}."
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
        return kind_of(value)
    return printable(repr(value))


def kind_of(value: Any) -> str:
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
