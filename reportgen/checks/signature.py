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
    """One finding per signature block, naming every part that is missing."""
    section = next(
        (s for s in ctx.profile.required_sections(ctx.kind) if SIGNATURE_KEY in s.fields), None
    )
    if section is None or ctx.already_reported(SIGNATURE_KEY):
        return  # e.g. a scanned signature page, which the source leaves to a person
    signature = ctx.report.signature
    if signature is None:
        yield ctx.finding(
            "U001",
            f"Underskriften saknas ({section_name(section)}), men krävs i "
            f"{kind_words(ctx.kind)}. Fyll i organisation, ort, datum och namn.",
            SIGNATURE_KEY,
        )
        return
    missing = [
        (key, what) for key, attribute, what in _PARTS if is_blank(getattr(signature, attribute))
    ]
    if not missing:
        return
    names = _listed([key for key, _ in missing])
    fixes = _listed([what for _, what in missing])
    yield ctx.finding(
        "U001",
        f"Underskriften är inte komplett: {names} saknas. Fyll i {fixes}.",
        f"{SIGNATURE_KEY}.{missing[0][0]}",
    )


def _listed(parts: list[str]) -> str:
    """ "ort, datum och namn" """
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} och {parts[-1]}"
