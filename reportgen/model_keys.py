"""Which keys of the report model hold free text and which amounts, read off its types.

The readers need them: the Word reader fills a free-text key with a section's
text, the YAML source bounds text by its length in lines and amounts by their
parser. Decided from the model's validators (`Text`, `Amount`), so a new field
is classified by its type alone. `avsnitt` (the funder's own texts) maps names
to free text: every `avsnitt.<namn>` is a text key.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from pydantic import BaseModel

from reportgen.model import Report, _amount, _text, alias_to_field

TEXT_MAPPINGS = frozenset({"avsnitt"})
"""Keys whose every value is free text (`avsnitt.sammanfattning`)."""


def is_text_key(key: str) -> bool:
    """Whether a dotted key (`ekonomi.kommentar`) names free text in the model.

    As opposed to a table, a list or a mapping: a reader of a free-text
    section fills such a key with the section's text.
    """
    model: type[BaseModel] = Report
    parts = key.split(".")
    for position, part in enumerate(parts):
        name = alias_to_field(model, part)
        if name is None:
            return False
        annotation = model.model_fields[name].annotation
        if get_origin(annotation) is dict:  # `avsnitt.<namn>`: every value is free text
            return position == len(parts) - 2
        if position == len(parts) - 1:
            return annotation is str or str in get_args(annotation)
        inner = [
            a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not inner:
            return False
        model = inner[0]
    return False


def text_keys() -> frozenset[str]:
    """The dotted keys of every free-text field, list positions left out (`mål.utfall`).

    Free text (`Text`) may run to pages; every other text is a short value such
    as a name or an e-mail address. Limits on length and on the personnummer
    scan's wording ask this instead of keeping their own list of keys.
    """
    return _keys_validated_by(_text, Report, "")


def amount_keys() -> frozenset[str]:
    """The dotted keys of every amount (`ekonomi.rader.budget`), list positions left out."""
    return _keys_validated_by(_amount, Report, "")


def _keys_validated_by(function: Any, model: type[BaseModel], prefix: str) -> frozenset[str]:
    found: set[str] = set()
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        if any(getattr(m, "func", None) is function for m in info.metadata):
            found.add(key)
        for inner in _models_in(info.annotation):
            found |= _keys_validated_by(function, inner, f"{key}.")
    return frozenset(found)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """`Goal | None`, `list[Goal]`, `list[Goal] | None` -> [Goal]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
