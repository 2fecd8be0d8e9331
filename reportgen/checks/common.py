"""Small helpers the rule families share: blank text, section names, report-kind words.

Kept apart from the rules so that every family module stays a list of rules
and the wording of "avsnitt 4.3 …" is the same in every message.
"""

from __future__ import annotations

import re
from typing import Any

from reportgen.profile import Profile, Section

KIND_WORDS = {"delrapport": "en delrapport", "slutrapport": "en slutrapport"}


def is_blank(value: Any) -> bool:
    """An answer that says nothing: None, or a text without a single letter or digit.

    Whitespace is the obvious case; a placeholder such as "..." or "-" left in a
    skeleton says just as little, and must not pass for an answer.
    """
    if value is None:
        return True
    return isinstance(value, str) and not any(c.isalnum() for c in value)


def kind_words(kind: str) -> str:
    """ "en slutrapport" – for messages such as "krävs i en slutrapport"."""
    return KIND_WORDS.get(kind, f"en {kind}")


def section_name(section: Section) -> str:
    """`avsnitt 3.2 "Syfte med insatsen"`: the number and the heading without its full stop
    (`avsnittet "Försörjningsförändringar"` for an unnumbered heading)."""
    return section.name


def section_for_key(profile: Profile, key: str) -> Section | None:
    """The profile section a key path answers: named in its fields, or sharing their top key.

    `ekonomi.kommentar` is not listed as a field of section 6 (the table rows are),
    but it belongs there all the same: the top-level key decides.
    """
    for section in profile.sections:
        if key in section.fields:
            return section
    top = key.split(".", 1)[0].split("[", 1)[0]
    for section in profile.sections:
        if any(field.split(".", 1)[0] == top for field in section.fields):
            return section
    return None


def place_words(profile: Profile, key: str) -> str:
    """`avsnitt 6 "Ekonomisk rapport"` for `ekonomi.kommentar`; the key if no section has it.

    Messages name the section, which a reader of a YAML file and of a Word
    report both recognise; the location adds the key or the place in the file.
    """
    section = section_for_key(profile, key)
    return section_name(section) if section else key


def mentions_any(text: str, stems: tuple[str, ...]) -> bool:
    """Whether a text uses one of the stems (see `ekonomiord` in the funder profile).

    Long stems count anywhere inside a word (kostnad → lönekostnaderna); short
    ones only as whole words, so that "kr" does not match "krav".
    """
    words = re.findall(r"\w+", text.casefold())
    for stem in stems:
        folded = stem.casefold()
        if len(folded) >= 5:
            if any(folded in word for word in words):
                return True
        elif folded in words:
            return True
    return False
