"""Which funder's form a submitted report was written in: page header and headings.

Staff receive reports from several funders' forms (or an association uses
more than one). Sundsvall's form carries its name in the page header;
Västerås' report carries the performing organisation there and the
association's name in the "Verksamhetsägare:" line. So every known profile is
scored on the document: its page header (or its name) in the header or the
first lines counts most, then how many of its headings stand in the body as
headings (a Heading style, or bold). The best score wins; `--förbund ID`
skips the guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from reportgen.errors import ProfileError
from reportgen.profile import DEFAULT_PROFILE, Profile, load_profile, load_profile_dir
from reportgen.profile.search import profile_folders
from reportgen.sources.docx.blocks import Block, Para
from reportgen.sources.docx.headings import fold, matcher_for

_OPENING = 15  # the first lines of the body, where a title page names the association
_HEADER_WEIGHT = 5  # a page header or the association's name outweighs a few headings


class Detected(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """How well one funder's form fits a document: page header, first lines, headings found."""

    profile: Profile
    in_header: bool  # its page header or name stands in the document's page header
    in_body: bool  # … or on one of the first lines of the body
    headings: int  # how many of its headings were found

    @property
    def by_header(self) -> bool:
        return self.in_header or self.in_body

    @property
    def score(self) -> int:
        """The page header counts most, a mention in the opening lines less, then headings."""
        return self.headings + _HEADER_WEIGHT * (2 * self.in_header + self.in_body)


def known_profiles() -> tuple[Profile, ...]:
    """Every readable funder profile (installed and the operator's), loaded once per run."""
    return _profiles(tuple(sorted(profile_folders().items())))


@lru_cache(maxsize=8)
def _profiles(folders: tuple[tuple[str, Path], ...]) -> tuple[Profile, ...]:
    found = []
    for _name, folder in folders:
        try:
            found.append(load_profile_dir(folder))
        except ProfileError:
            continue
    return tuple(found)


def page_headers() -> set[str]:
    """The page-header line of every known funder: noise when typed into the body."""
    return {fold(p.page_header) for p in known_profiles()}


def detect_profile(header: str, blocks: Sequence[Block]) -> Profile:
    """The funder whose form the document matches best; the default funder when none does."""
    return best_match(header, blocks).profile


def best_match(header: str, blocks: Sequence[Block]) -> Detected:
    candidates = known_profiles()
    if not candidates:
        return Detected(load_profile(DEFAULT_PROFILE), False, False, 0)  # raises if missing
    lines = [fold(b.text) for b in blocks[:_OPENING] if isinstance(b, Para) and b.text.strip()]
    headed = [
        b
        for b in blocks
        if isinstance(b, Para) and b.text.strip() and (b.style.heading_level or b.bold)
    ]
    scored = [_score(profile, fold(header), lines, headed) for profile in candidates]
    return max(
        scored,
        key=lambda d: (d.score, d.by_header, d.profile.id == DEFAULT_PROFILE),
    )


def _score(profile: Profile, header: str, lines: list[str], headed: list[Para]) -> Detected:
    marks = [mark for mark in (fold(profile.page_header), fold(profile.name)) if mark]
    in_header = any(mark in header for mark in marks)
    in_body = any(mark in line for mark in marks for line in lines)
    matcher = matcher_for(profile)
    seen: set[str] = set()
    for para in headed:
        text = para.text.strip()
        if not matcher.may_start_heading(text):
            continue
        found = matcher.match(
            text, seen=seen, heading_style=para.style.heading_level is not None, bold=True
        )
        if found is not None:
            seen.add(found.section.id)
    return Detected(profile, in_header, in_body, len(seen))
