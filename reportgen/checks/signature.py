"""U: the signature block of the owner (section 7) – organisation, place, date and name.

The funder accepts a report only when section 7 is filled in (domain.md §8
rule 19). Whether a report kind needs it comes from the profile: the rule runs
when a section the profile requires lists `underskrift` among its fields.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.common import is_blank, kind_words, section_name
from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding

SIGNATURE_KEY = "underskrift"

# key in insats.yaml -> (model attribute, what the reader should fill in)
_PARTS: tuple[tuple[str, str, str], ...] = (
    ("organisation", "organisation", "organisationen som lämnar rapporten"),
    ("ort", "place", "orten där rapporten skrivs under"),
    ("datum", "signed_on", "datum för underskriften (ÅÅÅÅ-MM-DD)"),
    ("namn", "name", "namnet på den som skriver under"),
)


@rule("U001")
def incomplete_signature(ctx: CheckContext) -> Iterator[Finding]:
    section = next(
        (s for s in ctx.profile.required_sections(ctx.kind) if SIGNATURE_KEY in s.fields), None
    )
    if section is None:
        return
    signature = ctx.report.signature
    if signature is None:
        yield ctx.finding(
            "U001",
            f"Underskriften saknas ({section_name(section)}), men krävs i "
            f"{kind_words(ctx.kind)}. Fyll i organisation, ort, datum och namn.",
            SIGNATURE_KEY,
        )
        return
    for key, attribute, what in _PARTS:
        if is_blank(getattr(signature, attribute)):
            yield ctx.finding(
                "U001",
                f"Underskriften är inte komplett: {key} saknas. Fyll i {what}.",
                f"{SIGNATURE_KEY}.{key}",
            )
