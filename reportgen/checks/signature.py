"""U: the owner's signature block – organisation, place, date and name, as the form asks.

The funder accepts a report only when the signature is filled in (domain.md §8
rule 19). Whether a report kind needs it comes from the profile: the rule runs
when the section holding the signature is required for the kind. Which parts
the form asks for comes from its labels: a form without an organisation line
(`underskrift_organisation`) does not ask for one.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.common import is_blank, kind_words, section_name
from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.profile import Profile, Role

SIGNATURE_KEY = "underskrift"

# key in insats.yaml -> (model attribute, what the reader should fill in, the form's label)
_PARTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "organisation",
        "organisation",
        "organisationen som lämnar rapporten",
        "underskrift_organisation",
    ),
    ("ort", "place", "orten där rapporten skrivs under", "ort_och_datum"),
    ("datum", "signed_on", "datum för underskriften (ÅÅÅÅ-MM-DD)", "ort_och_datum"),
    ("namn", "name", "namnet på den som skriver under", "underskrift"),
    ("titel", "title", "titeln (befattningen) på den som skriver under", "underskrift_titel"),
)


def _asked(profile: Profile) -> list[tuple[str, str, str]]:
    return [(key, attr, what) for key, attr, what, label in _PARTS if label in profile.labels]


@rule("U001")
def incomplete_signature(ctx: CheckContext) -> Iterator[Finding]:
    """One finding per signature block, naming every part that is missing."""
    section = ctx.profile.section_for(Role.SIGNATURE)
    if section is None or ctx.kind not in section.required_for:
        return
    if ctx.already_reported(SIGNATURE_KEY):
        return  # e.g. a scanned signature page, which the source leaves to a person
    signature = ctx.report.signature
    if signature is None:
        yield ctx.finding(
            "U001",
            f"Underskriften saknas ({section_name(section)}), men krävs i "
            f"{kind_words(ctx.kind)}. Fyll i {_listed([k for k, _, _ in _asked(ctx.profile)])}.",
            SIGNATURE_KEY,
        )
        return
    missing = [
        (key, what)
        for key, attribute, what in _asked(ctx.profile)
        if is_blank(getattr(signature, attribute))
        and not ctx.already_reported(f"{SIGNATURE_KEY}.{key}")  # T005: a date that is no date
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
