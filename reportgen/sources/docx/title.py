"""The top of a submitted report: its title (the report kind), the intro sentence, and a
delrapport's period when the report states it only in its title or text.

The funder's template has no field for the report period: section 1's
"Tidsperiod" is the intervention's. reportgen's own delrapport states it in a
note under the economy table (read in `economy`); a hand-filled "Halvårsrapport
januari–juni 2023" or "Delrapport" states it, if at all, in the title or a line
of text. Without it, T003 and the interim burn-rate check would judge a
half-year report against the whole intervention, so the period is read from
there – "januari–juni 2023", "2023-01-01 – 2023-06-30", or a bare
"Halvårsrapport 2023" taken as that year's first half – and the assumed period
is stated in a finding (T004), so staff see what the checks compared against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from reportgen.codes import INTRO_MISSING, PERIOD_ASSUMED, UNKNOWN_TITLE
from reportgen.dates import DateParseError, parse_period
from reportgen.formatting import format_period
from reportgen.model import Period
from reportgen.sources.docx.blocks import Block, Para
from reportgen.sources.docx.headings import fold, strip_phrases, words
from reportgen.sources.docx.places import Anchor, Reading, quoted

_HALF_YEAR = re.compile(r"\bhalvår\w*\b.*?\b((?:19|20)\d{2})\b", re.IGNORECASE)
_PERIOD_WORDS = re.compile(r"\b(?:period\w*|avser|gäller|halvår\w*|delår\w*)\b", re.IGNORECASE)
_MAX_LINE = 200  # a line that states a period is short; longer text is an answer


class Title(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """The report kind the title names, the title as written and where it stood."""

    kind: str
    text: str | None
    para: Para | None  # where the title stood (None: in the page header, or no title)


def read_title(preamble: Sequence[Block], header: str, reading: Reading) -> Title:
    """The report kind from the title ("Slutrapport 2023", "Del/slutrapport" …)."""
    profile = reading.profile
    titles = {kind: (title,) for kind, title in profile.titles.items()}
    for kind, spellings in profile.reading.titles.items():
        titles[kind] = (*titles.get(kind, ()), *spellings)
    variants = sorted(
        ((fold(spelling), kind) for kind, spellings in titles.items() for spelling in spellings),
        key=lambda v: -len(v[0]),
    )
    paragraphs = [b for b in preamble if isinstance(b, Para) and b.text.strip()][:6]
    candidates: list[tuple[str, Para | None]] = [(p.text.strip(), p) for p in paragraphs]
    candidates += [(line, None) for line in header.splitlines()]
    for text, para in candidates:
        folded = fold(text)
        for spelling, kind in variants:
            after = folded[len(spelling) : len(spelling) + 1]
            if folded.startswith(spelling) and not after.isalpha():
                return Title(kind, text, para)
    shown = ", ".join(profile.allowed_titles or tuple(profile.titles.values()))
    titled = next((p for p in paragraphs if p.style.is_title or p.bold), None)
    if titled is not None and len(titled.text) < 120:
        title: str | None = titled.text.strip()
        message = (
            f'Rubriken "{title}" är inte en av mallens ({shown}). Rapporten granskas som '
            "slutrapport; skriv Delrapport eller Slutrapport i rubriken."
        )
    else:
        title = None
        message = (
            f"Dokumentet saknar rubrik ({shown}). Rapporten granskas som slutrapport; skriv "
            "Delrapport eller Slutrapport överst i rapporten."
        )
    first = titled or (paragraphs[0] if paragraphs else None)
    reading.report(UNKNOWN_TITLE, message, detail="rubriken", at=Anchor(first))
    return Title("slutrapport", title, titled)


def check_intro(preamble: Sequence[Block], reading: Reading) -> None:
    intro = tuple(words(reading.profile.intro))
    if not intro:
        return
    paragraphs = [b for b in preamble if isinstance(b, Para)]
    if any(strip_phrases(p.text, [intro], min_ratio=0.6, max_extra=4)[1] for p in paragraphs):
        return
    first = next((p for p in paragraphs if p.text.strip()), None)
    reading.report(
        INTRO_MISSING,
        f'Mallens inledande mening saknas ("{short(reading.profile.intro, 70)}"). '
        "Använd förbundets mall oförändrad, med inledningen under rubriken.",
        detail="inledningen",
        at=Anchor(first),
    )


def short(text: str, length: int) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= length else one_line[: length - 1].rstrip() + "…"


# ----------------------------------------------------------------- a delrapport's period


class _Candidate(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A text that may state the report period, and how a message names its place."""

    text: str
    para: Para | None
    section_id: str | None
    detail: str  # where, in a message: "rubriken", "texten under rubriken", "texten"


def assume_period(
    title: Title,
    preamble: Sequence[Block],
    texts: Sequence[tuple[str, Para | None, str]],
    data: dict[str, Any],
    reading: Reading,
) -> None:
    """Set `rapport.period` of a delrapport that states none, from its title or text.

    `texts` are (text, paragraph, section id) of the free-text answers to look in.
    """
    report = data["rapport"]
    if report.get("typ") != "delrapport" or report.get("period") is not None:
        return
    candidates: list[_Candidate] = []
    if title.text:
        candidates.append(_Candidate(title.text, title.para, None, "rubriken"))
    for block in preamble:
        if isinstance(block, Para) and block is not title.para and len(block.text) < _MAX_LINE:
            candidates.append(_Candidate(block.text.strip(), block, None, "texten under rubriken"))
    for text, para, section_id in texts:
        for line in re.split(r"(?<=[.!?])\s+|\n", text):
            if _PERIOD_WORDS.search(line) and len(line) < _MAX_LINE:
                candidates.append(_Candidate(line.strip(), para, section_id, "texten"))
    for candidate in candidates:
        found = _stated(candidate.text)
        if found is not None:
            _assume(
                found,
                f"läst ur {candidate.detail} {quoted(candidate.text)}",
                candidate,
                data,
                reading,
            )
            return
    if title.text:
        half = _HALF_YEAR.search(title.text)
        if half is not None:
            year = int(half.group(1))
            found = (date(year, 1, 1), date(year, 6, 30))
            why = f"första halvåret {year}, utifrån rubriken {quoted(title.text)}"
            _assume(found, why, _Candidate(title.text, title.para, None, "rubriken"), data, reading)


def _stated(text: str) -> tuple[date, date] | None:
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        start, end = parse_period(text)
    except DateParseError:
        return None
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return None  # "2023" alone says the year, not a part of it
    return start, end


def _assume(
    found: tuple[date, date],
    why: str,
    candidate: _Candidate,
    data: dict[str, Any],
    reading: Reading,
) -> None:
    start, end = found
    data["rapport"]["period"] = Period(start=start, end=end)
    at = Anchor(candidate.para)
    where = reading.location(candidate.section_id, candidate.detail, at=at)
    reading.locations.add("rapport.period", where)
    reading.report(
        PERIOD_ASSUMED,
        f"Rapportperioden står inte i rapportens fält. Granskningen antar "
        f"{format_period(start, end)} ({why}) och jämför underskriftens datum och "
        "förbrukningen med den perioden. Stämmer det inte: skriv perioden i rubriken, "
        't.ex. "Delrapport 2023-01-01 – 2023-06-30".',
        key="rapport.period",
        section_id=candidate.section_id,
        detail=candidate.detail,
        at=at,
    )


# ----------------------------------------------------------------- header fields


def read_header_fields(
    preamble: Sequence[Block], title: Title, data: dict[str, Any], reading: Reading
) -> None:
    """The lines above the first section of a form without a section for the intervention
    (Västerås: the name as title, "Verksamhetsutförare:", "Tidsplan: Rapporten gäller för …")."""
    from reportgen.profile import Role
    from reportgen.sources.docx.labels import Labels, items_of, label_values

    profile = reading.profile
    if profile.section_for(Role.INTERVENTION) is not None:
        return
    paragraphs = [b for b in preamble if isinstance(b, Para) and b.text.strip()]
    if title.para is not None and title.para in paragraphs:
        before = paragraphs[: paragraphs.index(title.para)]
        if before and len(before[-1].text) < _MAX_LINE:
            data.setdefault("insats", {})["namn"] = before[-1].text.strip()
            reading.locations.add("insats.namn", reading.location(None, "rubriken"))
    labels = Labels.of(profile, ("verksamhetsutforare", "rapportperiod"))
    for found in label_values(items_of(paragraphs), labels):
        at = Anchor(found.item.para)
        if found.key == "verksamhetsutforare" and found.value:
            data.setdefault("insats", {})["ansvarig"] = {"organisation": found.value}
        elif found.key == "rapportperiod" and found.value:
            period = _header_period(found.value, profile)
            if period is not None:
                data["rapport"]["period"] = Period(start=period[0], end=period[1])
                where = reading.location(None, profile.labels["rapportperiod"].rstrip(":"), at=at)
                reading.locations.add("rapport.period", where)


def _header_period(text: str, profile: Any) -> tuple[date, date] | None:
    """ "Rapporten gäller för 2026-01-01 – 2026-06-30" (or "Årsrapporten gäller för …")."""
    phrases = [profile.labels.get("rapportperiod_text", "")]
    phrases += profile.reading.labels.get("rapportperiod_text", ())
    rest, _found = strip_phrases(text, [tuple(words(p)) for p in phrases if p][:1])
    for candidate in (rest, text, re.sub(r"^\D*", "", text)):
        try:
            return parse_period(candidate.strip().rstrip("."))
        except DateParseError:
            continue
    return None
