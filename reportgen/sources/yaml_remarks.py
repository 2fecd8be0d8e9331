"""What an owner writes beside an amount or a cost category is kept, never dropped silently.

Real reports write `beviljat_medel: "613 000 kr (lön, IT och lokal)"`,
`utfall: "709 000 kr för 2023"` and cost rows such as `Material (IT och
telefoni)` or `Övriga kostnader (mobil och dator)`. The amount parser reads the
number and hands back the remark; the funder's table has one line per category
whose label is the funder's own ("Material (ange typ av material)"). Without
this module both remarks vanished from the report without a word.

Where the report can show the remark, it is kept: a remark on a cost row's
budget or outcome, and the words after a cost category, become the row's
`specifikation` (appended to one the owner wrote), which the economy table
prints under the row's label. Where it cannot (beside `beviljat_medel` or a
stated `summa`), a B011 warning quotes it and says where such text belongs.
The funder's own prompt in a label ("(ange typ av material)") is no remark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportgen.amounts import AmountError, enclosed_in_brackets, parse_amount
from reportgen.codes import finding
from reportgen.findings import Finding
from reportgen.formatting import printable
from reportgen.location import LocationMap
from reportgen.model import Report
from reportgen.profile import Profile
from reportgen.yamlio import join_key

__all__ = ["AmountRemark", "amount_remarks", "keep_category_remarks", "keep_remarks"]

_ROW_AMOUNT = re.compile(r"ekonomi\.rader\[(\d+)\]\.(?:budget|utfall)")
_SEPARATOR = re.compile(r"^[\s,;:\u2013\u2014-]+")


@dataclass(frozen=True)
class AmountRemark:
    """The words beside one amount, at the amount's key (`ekonomi.rader[2].budget`)."""

    key: str
    remark: str
    written: str  # the whole value as the owner wrote it, for the message


_POSITIONS = re.compile(r"\[\d+\]")
"""A list position in a dotted key (`ekonomi.rader[2].budget`), compiled once."""


def amount_remarks(data: Any, amount_keys: frozenset[str]) -> list[AmountRemark]:
    """Every remark written beside an amount in the raw YAML values (read before validation).

    `amount_keys` are the model's amount keys without list positions
    (`ekonomi.rader.budget`). Values that are no amount are left to the model,
    which reports them (B005).
    """
    found: list[AmountRemark] = []

    def visit(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                visit(item, join_key(key, str(name)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, join_key(key, index))
        elif isinstance(value, str) and _POSITIONS.sub("", key) in amount_keys:
            try:
                remark = parse_amount(value).remark
            except AmountError:
                return
            if remark and remark.strip():
                found.append(AmountRemark(key, remark.strip(), value))

    visit(data, "")
    return found


def keep_remarks(
    report: Report, remarks: list[AmountRemark], locations: LocationMap
) -> list[Finding]:
    """Cost-row remarks into the row's specification; B011 for the others, quoting them."""
    rows = (report.economy.rows if report.economy else None) or []
    findings: list[Finding] = []
    for remark in remarks:
        row_match = _ROW_AMOUNT.fullmatch(remark.key)
        position = int(row_match[1]) if row_match else 0
        if 1 <= position <= len(rows):
            row = rows[position - 1]
            row.specification = appended(row.specification, remark.remark)
            continue
        findings.append(
            finding(
                "B011",
                f'Texten "{printable(remark.remark)}" i beloppet "{printable(remark.written)}" '
                "visas inte i rapporten – bara beloppet gör det. Skriv texten i "
                "ekonomi.kommentar (eller som specifikation på en kostnadsrad), eller ta bort "
                "den ur beloppet.",
                locations.at(remark.key),
            )
        )
    return findings


def keep_category_remarks(report: Report, profile: Profile) -> None:
    """`Material (IT och telefoni)`: the words after the category become its specification."""
    rows = (report.economy.rows if report.economy else None) or []
    for row in rows:
        category = profile.category(row.category)
        if category is None or row.category is None:
            continue  # an unknown category is a finding (B007) that quotes all of it
        for spelling in (category.category, *category.other_spellings):
            rest = _after(row.category, spelling)
            if rest is None:
                continue
            prompt = _after(category.label, category.category) or ""
            if rest and _fold(rest) != _fold(prompt):
                row.specification = appended(row.specification, rest)
            break


def appended(specification: str | None, remark: str) -> str | None:
    """The specification with `remark` added after a semicolon, unless it already says it."""
    extra = remark.strip()
    current = (specification or "").strip()
    if not extra or _fold(extra) in _fold(current):
        return specification
    return f"{current}; {extra}" if current else extra


def _after(text: str, spelling: str) -> str | None:
    """The words after `spelling` at the start of `text`, outer brackets removed; None if absent."""
    words = r"\s+".join(re.escape(word) for word in spelling.split())
    match = re.match(rf"\s*{words}(?=[\s(]|$)", text, re.IGNORECASE)
    if match is None:
        return None
    rest = _SEPARATOR.sub("", text[match.end() :]).strip()
    if rest.startswith("(") and rest.endswith(")") and enclosed_in_brackets(rest):
        rest = rest[1:-1].strip()
    return rest


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[().,;:]", " ", text.casefold()).split())
