"""S007: the title and the report kind agree.

An owner who copies last year's final report into insats.yaml keeps its title
("Slutrapport 2023") and then builds a delrapport, or `--typ delrapport`
overrides the YAML: the file name and the economy note then say delrapport
while the title and every footer say Slutrapport. A title that is only a kind's
word ("Slutrapport") is replaced by the report's own kind when rendering
(`title_for_kind`); a title that says more ("Slutrapport 2023") is the owner's
text and is kept, with a warning.

Which words name which kind comes from the funder profile: its titles and the
title spellings its Word reader knows (`lasning.titlar`). A spelling that names
both kinds ("Del/slutrapport", the template's own name) names neither.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.checks.common import kind_words
from reportgen.checks.registry import CheckContext, rule
from reportgen.findings import Finding
from reportgen.profile import Profile

__all__ = ["kind_of_title", "title_for_kind"]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _spellings(profile: Profile) -> list[tuple[str, str | None]]:
    """(folded spelling, kind or None for a both-kinds spelling), longest first."""
    found: dict[str, str | None] = {}
    kinds: dict[str, list[str]] = {kind: [title] for kind, title in profile.titles.items()}
    for kind, known in profile.reading.titles.items():
        kinds.setdefault(kind, []).extend(known)
    for kind, spellings in kinds.items():
        for spelling in spellings:
            folded = _fold(spelling)
            both = "del" in folded and "slut" in folded
            found[folded] = None if both or found.get(folded, kind) != kind else kind
    return sorted(found.items(), key=lambda item: -len(item[0]))


def _match(profile: Profile, title: str) -> tuple[str, str | None] | None:
    """The spelling the title begins with, and its kind; None when it begins with none."""
    folded = _fold(title)
    for spelling, kind in _spellings(profile):
        after = folded[len(spelling) : len(spelling) + 1]
        if folded.startswith(spelling) and not after.isalpha():
            return spelling, kind
    return None


def kind_of_title(profile: Profile, title: str | None) -> str | None:
    """The report kind a title names ("Slutrapport 2023" -> slutrapport); None if neither."""
    if not title:
        return None
    found = _match(profile, title)
    return found[1] if found else None


def _only_the_word(profile: Profile, title: str) -> bool:
    found = _match(profile, title)
    return found is not None and _fold(title).rstrip(" .:") == found[0]


def title_for_kind(profile: Profile, kind: str, title: str | None) -> str:
    """The title to print: the owner's, unless it is only another kind's word ("Slutrapport"
    in a delrapport built with `--typ delrapport`), which the kind's own title replaces."""
    if title and title.strip():
        stated = kind_of_title(profile, title)
        if stated is None or stated == kind or not _only_the_word(profile, title):
            return title
    return profile.title_for(kind)


@rule("S007")
def title_names_another_kind(ctx: CheckContext) -> Iterator[Finding]:
    title = ctx.report.report.title
    if not title or not title.strip():
        return
    stated = kind_of_title(ctx.profile, title)
    if stated is None or stated == ctx.kind or _only_the_word(ctx.profile, title):
        return
    own = ctx.profile.title_for(ctx.kind)
    yield ctx.finding(
        "S007",
        f'Rubriken "{title.strip()}" säger {kind_words(stated)}, men rapporten är '
        f"{kind_words(ctx.kind)} (rapport.typ eller --typ). Ändra rapport.titel, t.ex. till "
        f'"{own}", eller ta bort den så skrivs "{own}".',
        "rapport.titel",
    )
