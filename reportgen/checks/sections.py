"""S: sections the funder's template asks for are missing (S001) or empty (S002).

Which sections a report kind requires, and which key paths answer them, come
only from the funder profile (`krävs` and `falt` per section), so a second
funder, or a changed template, needs no code here. `None` in the model means
the answer is absent (S001); a text of only whitespace, or an empty list,
means it is there but says nothing (S002).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel

from reportgen.checks.common import is_blank, kind_words, section_name
from reportgen.checks.registry import CheckContext, rule
from reportgen.errors import ProfileError
from reportgen.findings import Finding
from reportgen.model import Goal, Party, Report, Signature, alias_to_field
from reportgen.profile import Section

# Mappings that count as answered when one key inside them is filled in: section 2
# is answered by the responsible organisation (contacts are checked elsewhere).
_ANSWERED_BY: dict[type[BaseModel], tuple[str, str]] = {
    Party: ("organisation", "organisation"),
}
# Blocks whose completeness a rule of their own judges: the signature part by
# part (U001), the goals table as a whole and row by row (G001/G002).
_JUDGED_ELSEWHERE: tuple[type[BaseModel], ...] = (Signature, Goal)


class _Gap(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A required answer that is missing (S001) or empty (S002), and the key that should hold it."""

    section: Section
    key: str  # the key path that should hold the answer
    empty: bool  # True: present but empty (S002); False: absent (S001)
    is_list: bool = False


@rule("S001")
def missing_section(ctx: CheckContext) -> Iterator[Finding]:
    for gap in _gaps(ctx):
        if gap.empty:
            continue
        section, part = _names(ctx, gap)
        required = f"krävs i {kind_words(ctx.kind)}"
        # `namn:` with nothing after it is written but has no value; a place in a Word
        # report where a missing heading should have stood is no value written.
        written = ctx.report.locations.has(gap.key) and ctx.where(gap.key).line is not None
        missing = "saknar värde" if written else "saknas"
        if part:
            message = f"{section}: {part} {missing}, men {required}. Fyll i värdet."
        else:
            message = f"{section} {missing}, men {required}. Fyll i avsnittet."
        yield ctx.finding("S001", message, gap.key)


@rule("S002")
def empty_section(ctx: CheckContext) -> Iterator[Finding]:
    for gap in _gaps(ctx):
        if not gap.empty:
            continue
        section, part = _names(ctx, gap)
        required = f"krävs i {kind_words(ctx.kind)}"
        if part:
            message = f"{section}: {part} saknar innehåll, men {required}. Fyll i värdet."
        elif gap.is_list:
            message = f"{section} har inga rader, men {required}. Lägg till minst en rad."
        else:
            message = f"{section} är tomt, men {required}. Skriv ett svar i avsnittet."
        yield ctx.finding("S002", message, gap.key)


def _names(ctx: CheckContext, gap: _Gap) -> tuple[str, str | None]:
    """(`Avsnitt 1 "Insatsen"`, `"Beviljat medel"`): the section, and the part when it has several.

    Messages name what a reader of the report sees – the section and the
    template's label – not the insats.yaml key, which the location already
    shows; the same message then serves a submitted Word report.
    """
    name = section_name(gap.section)
    name = name[0].upper() + name[1:]
    if len(gap.section.fields) == 1 and gap.key in gap.section.fields:
        return name, None
    parts = gap.key.split(".")
    # `insats.beviljat_medel` -> label `beviljat_medel`; `insats.namn` -> `insatsens_namn`.
    candidates = ["_".join(parts[-2:]), parts[-1]]
    if len(parts) > 1:
        candidates.append(f"{parts[-2]}ens_{parts[-1]}")
    for candidate in candidates:
        label = ctx.profile.labels.get(candidate)
        if label:
            return name, f'"{label.rstrip(" :")}"'
    return name, parts[-1].replace("_", " ")


def _gaps(ctx: CheckContext) -> Iterator[_Gap]:
    """Every required answer that is absent or empty, in profile order.

    A section whose figures reportgen computes (`block:` in the profile) is answered
    by them when the intervention has participant statistics; the owner's text under
    it is then a comment, not the answer. A submitted Word report has no statistics:
    there the text under the heading (figures included) is the answer.
    """
    computed = _has_computed_figures(ctx)
    for section in ctx.profile.required_sections(ctx.kind):
        if section.blocks and computed:
            continue
        for key in section.fields:
            yield from _judge(ctx, section, key)


def _has_computed_figures(ctx: CheckContext) -> bool:
    statistics = ctx.statistics
    return statistics is not None and bool(statistics.episodes) and statistics.results is not None


def _judge(ctx: CheckContext, section: Section, key: str) -> Iterator[_Gap]:
    if _is_judged_elsewhere(key):
        return
    value = _value(ctx, key)
    if value is None:
        if not ctx.already_reported(key):  # e.g. B005: the amount was there but unreadable
            yield _Gap(section, key, empty=False)
        return
    answered_by = _ANSWERED_BY.get(type(value))
    if answered_by is not None:
        attribute, alias = answered_by
        inner: Any = getattr(value, attribute)
        if inner is None:
            yield _Gap(section, f"{key}.{alias}", empty=False)
        elif is_blank(inner):
            yield _Gap(section, f"{key}.{alias}", empty=True)
        return
    if isinstance(value, list):
        if not value:
            yield _Gap(section, key, empty=True, is_list=True)
        return
    if is_blank(value):
        yield _Gap(section, key, empty=True)


@lru_cache(maxsize=1024)  # decided by the key alone: the same keys for every report
def _is_judged_elsewhere(key: str) -> bool:
    """Whether the model declares `key` as a mapping that a rule of its own judges.

    Decided from the model's field types, not from the value, so that a block
    left out altogether (None) is also left to that rule.
    """
    current: Any = Report
    for part in key.split("."):
        current = _unwrap(current)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return False
        name = alias_to_field(current, part)
        if name is None:
            return False
        current = current.model_fields[name].annotation
    current = _unwrap(current)
    return isinstance(current, type) and issubclass(current, _JUDGED_ELSEWHERE)


def _unwrap(annotation: Any) -> Any:
    """`Signature | None` -> Signature; `list[Goal] | None` -> Goal."""
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                return _unwrap(arg)
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    return annotation


def _value(ctx: CheckContext, key: str) -> Any:
    try:
        return ctx.report.value_at(key)
    except KeyError:
        raise ProfileError(
            f"Förbundsprofilen '{ctx.profile.id}' nämner nyckeln '{key}' under 'falt', "
            "men den finns inte i insats.yaml-formatet. Rätta profilen."
        ) from None
