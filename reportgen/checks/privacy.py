"""D006: a personnummer in any text of the report, whichever file it came from.

A report goes to the funder's board and is often published: it must not name a
participant. The rule reads every text of the loaded model – goals, analysis,
names, the economy comment, any string – so it covers insats.yaml and a
submitted Word report alike, with the one detector the workbook refusal (D004)
uses, here with the Luhn check digit to keep false alarms down. The finding
names the place (the key, and the paragraph in a long text) and never repeats
the number: findings end up in terminals, logs and e-mails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.location import join_key
from reportgen.personnummer import find_personnummer, may_hold_personnummer


@rule("D006")
def personnummer_in_text(ctx: CheckContext) -> Iterator[Finding]:
    texts = list(text_values(ctx.report))
    if not may_hold_personnummer("\n".join(text for _key, text in texts)):
        return  # the usual report: one quick look at all its text
    for key, text in texts:
        offsets = list(find_personnummer(text))
        if not offsets:
            continue
        paragraph = text.count("\n\n", 0, offsets[0]) + 1
        where = f" i stycke {paragraph}" if "\n\n" in text.strip() else ""
        times = f" ({len(offsets)} gånger, första{where})" if len(offsets) > 1 else where
        yield ctx.finding(
            "D006",
            f"Texten innehåller något som liknar ett personnummer (ÅÅMMDD-XXXX){times}. "
            "Personuppgifter hör inte hemma i rapporten: ta bort numret och skriv så att ingen "
            "deltagare kan identifieras.",
            key,
        )


def text_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(key path, text) for every string in the model, keys as insats.yaml spells them."""
    for name, info in type(model).model_fields.items():
        yield from _texts(getattr(model, name), join_key(prefix, info.alias or name))


def _texts(value: Any, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, BaseModel):
        yield from text_values(value, key)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, join_key(key, index))
    elif isinstance(value, dict):  # `avsnitt`: the funder's own texts by name
        for name, item in value.items():
            yield from _texts(item, join_key(key, name))
