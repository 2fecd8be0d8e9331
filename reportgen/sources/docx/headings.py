"""Tolerant matching of the template's headings, labels and instructions in free text.

Hand-filled reports keep the funder's headings only roughly: "4.3 Avvikelse från
planering" for "Avvikelser", "Arbetsätt", a trailing dot or colon, upper case,
the sub-question dropped, run into the heading or into the answer, a word lost
("5.3 Beskriv tillvaratagna erfarenheter och från insatsen"). Matching is
therefore done on folded words (case, dashes, emphasis markers and punctuation
ignored), with one typo per long word forgiven, as an in-order alignment that
may skip a word on either side. Every phrase comes from the funder profile;
nothing here knows a heading.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from reportgen.profile import Profile, Section

_TOKEN = re.compile(r"[^\W_]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_NUMBER = re.compile(r"^[\s*_]*(\d{1,2})(?:[.,](\d{1,2}))?(?:[.):]|(?=\s|[^\W\d_]))")
_RULE_LINE = re.compile(r"^[\s\-_–—=*.·•]*$")


def fold(text: str) -> str:
    """Case, dashes, spaces and emphasis markers normalised: for comparing labels."""
    text = text.translate(_DASHES).replace("*", " ").replace("_", " ")
    return _SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Folded words of a text; labels and headings are folded again and again, so cached."""
    return tuple(m.group(0).casefold() for m in _TOKEN.finditer(text))


def clean_value(text: str) -> str:
    """A value as written, without emphasis markers, rule lines or stray colons."""
    value = text.strip().strip("*_").strip()
    if is_rule_line(value):
        return ""
    return value


def is_rule_line(text: str) -> bool:
    """Empty, "-----", "......" or "_____": filler, never an answer."""
    return _RULE_LINE.match(text) is not None


@lru_cache(maxsize=4096)
def same_word(a: str, b: str) -> bool:
    """Equal, or one typo apart in a long word (Arbetsätt/Arbetssätt, Avvikelse/Avvikelser)."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) > 1 or a[:2] != b[:2]:
        return False
    return _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


class Tokens(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A text's words with their end offsets, so a matched prefix can be cut off."""

    text: str
    words: tuple[str, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str, limit: int | None = None) -> Tokens:
        """The first `limit` words (at least; all if None) of `text`.

        The same cell or paragraph is matched against several labels and
        phrases, so tokenisations are cached, with the limit rounded up.
        """
        return _tokens(text, None if limit is None else -(-limit // 16) * 16)

    def rest(self, position: int) -> str:
        """The text after the first `position` words, without leading punctuation."""
        if position <= 0:
            return self.text.strip()
        return self.text[self.ends[position - 1] :].lstrip(" \t\n.:;,?!)–-*_\u00a0").strip()


@lru_cache(maxsize=4096)
def _tokens(text: str, limit: int | None) -> Tokens:
    found: list[str] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        found.append(match.group(0).casefold())
        ends.append(match.end())
        if limit is not None and len(found) >= limit:
            break
    return Tokens(text, tuple(found), tuple(ends))


def match_prefix(
    tokens: Sequence[str],
    start: int,
    phrase: Sequence[str],
    *,
    min_ratio: float = 0.6,
    max_extra: int = 2,
) -> int | None:
    """Where `phrase` ends if the words from `start` begin with it, allowing small damage.

    An LCS alignment of the phrase against the next words; the end is chosen to
    maximise matched words minus inserted ones. The first or second phrase word
    must be matched, so a heading is never found by its tail alone.
    """
    m = len(phrase)
    window = tokens[start : start + m + max_extra]
    n = len(window)
    if m == 0 or n == 0:
        return None
    # cheap rejections first: most paragraphs start with quite other words
    if not same_word(phrase[0], window[0]) and not (
        m > 1 and n > 1 and _early_match(phrase, window)
    ):
        return None
    if n >= m and all(a == b or same_word(a, b) for a, b in zip(phrase, window, strict=False)):
        return start + m  # the phrase as written (or with typos): no alignment needed
    if min_ratio >= 1.0 and max_extra == 0:
        return None
    # dp[i][j]: longest common subsequence of phrase[:i] and window[:j]
    dp = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        word = phrase[i - 1]
        row, above = dp[i], dp[i - 1]
        for j in range(1, n + 1):
            if same_word(word, window[j - 1]):
                row[j] = above[j - 1] + 1
            else:
                row[j] = max(above[j], row[j - 1])
    needed = max(1, math.ceil(min_ratio * m))
    best: tuple[int, int] | None = None
    best_end = None
    for j in range(1, n + 1):
        common = dp[m][j]
        if common < needed or dp[m][j] == dp[m][j - 1]:
            continue  # a match must end on a matched word
        extra = j - common
        if extra > max_extra:
            continue
        score = (common - extra, j)
        if best is None or score > best:
            best, best_end = score, j
    return None if best_end is None else start + best_end


def _early_match(phrase: Sequence[str], window: Sequence[str]) -> bool:
    return same_word(phrase[1], window[0]) or same_word(phrase[0], window[1])


def sentences(text: str | None) -> list[tuple[str, ...]]:
    """A sub-question as its sentences, each optional when matching ("T ex, …" may be left out)."""
    if not text:
        return []
    parts = re.split(r"(?<=[?.!])\s+(?=[A-ZÅÄÖ(])", text.strip())
    return [tuple(words(part)) for part in parts if words(part)]


def strip_phrases(
    text: str, phrases: Sequence[Sequence[str]], *, min_ratio: float = 0.7, max_extra: int = 1
) -> tuple[str, int]:
    """Remove the phrases (in order, each optional) from the start of `text`.

    Returns the rest and how many phrases were found. Used for sub-questions and
    instructions, which are never answer text.
    """
    if not phrases:
        return text.strip(), 0
    limit = sum(len(p) for p in phrases) + max_extra + 4
    tokens = Tokens.of(text, limit)
    position = 0
    found = 0
    for phrase in phrases:
        end = match_prefix(tokens.words, position, phrase, min_ratio=min_ratio, max_extra=max_extra)
        if end is not None:
            position = end
            found += 1
    return tokens.rest(position), found


class HeadingMatch(NamedTuple):  # not a frozen dataclass: ~0.5 ms less at start-up
    """A paragraph recognised as a section's heading, and what followed it on the same line."""

    section: Section
    rest: str  # text after the heading (and any sub-question on the same line)
    sub_question_found: bool
    numbered: bool


class HeadingMatcher:
    """Finds the profile's section headings in paragraphs, tolerant of §3's variants."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.by_id = {s.id: s for s in profile.sections}
        self.spellings: dict[str, list[tuple[str, ...]]] = {}
        for section in profile.sections:
            variants = [section.heading, *profile.reading.headings.get(section.id, ())]
            spelled = [tuple(words(v)) for v in variants]
            self.spellings[section.id] = [s for s in dict.fromkeys(spelled) if s]
        self.questions = {s.id: sentences(s.sub_question) for s in profile.sections}
        # same_word needs the first two letters equal: a cheap test for unnumbered headings
        self._starts = {
            word[:2] for spelled in self.spellings.values() for s in spelled for word in s[:2]
        }
        # enough words for the longest heading with its sub-question and some slack
        self.longest = (
            max(
                (
                    max(len(v) for v in self.spellings[s.id])
                    + sum(len(q) for q in self.questions[s.id])
                    for s in profile.sections
                    if self.spellings[s.id]
                ),
                default=0,
            )
            + 8
        )

    def next_section(self, current: str | None, seen: set[str]) -> tuple[str, ...]:
        """The next two unseen sections after `current` in the template's order (a section
        left out of a report must not hide the one after it)."""
        ids = list(self.by_id)
        start = ids.index(current) + 1 if current in self.by_id else 0
        return tuple(i for i in ids[start:] if i not in seen)[:2]

    def may_start_heading(self, text: str) -> bool:
        """False when the text cannot begin any heading: most running text, cheaply."""
        if _NUMBER.match(text):
            return True
        first = _TOKEN.search(text)
        return first is not None and first.group(0)[:2].casefold() in self._starts

    def match(
        self,
        text: str,
        *,
        seen: set[str],
        heading_style: bool = False,
        bold: bool = False,
        table_cell: bool = False,
        expected: tuple[str, ...] = (),
    ) -> HeadingMatch | None:
        """The section this paragraph (or first table cell) is the heading of, or None.

        A numbered heading needs its number and its key words. Unstyled
        paragraphs must be the heading alone (or heading plus sub-question)
        unless the heading is unmistakable: "1. Insatsen ska ta emot 40
        deltagare" in a numbered list is not section 1. Without a number (Word's
        automatic numbering, or a dropped number) the words must match closely,
        the paragraph must look like a heading and hold nothing else; a one-word
        heading typed bold ("Analys") counts only as one of the `expected` next sections.
        """
        styled = heading_style or bold or table_cell
        number = _NUMBER.match(text)
        if number:
            section_id = number.group(1) + (f".{number.group(2)}" if number.group(2) else "")
            rest_text = text[number.end() :]
            section = self.by_id.get(section_id)
            if section is not None and section_id not in seen:
                tokens = Tokens.of(rest_text, self.longest)
                found = self._match_words(section, tokens, styled=styled, strict=False)
                if found is not None:
                    return found
            # a renumbered copy: the words decide, if they match closely
            return self._match_any(
                rest_text, seen, table_cell=table_cell, short_ok=styled, expected=expected
            )
        if not styled:
            return None
        return self._match_any(
            text, seen, table_cell=table_cell, short_ok=heading_style, expected=expected
        )

    def _match_any(
        self,
        text: str,
        seen: set[str],
        *,
        table_cell: bool,
        short_ok: bool,
        expected: tuple[str, ...] = (),
    ) -> HeadingMatch | None:
        """The closest unseen section whose heading is the whole text (numbers aside)."""
        tokens = Tokens.of(text, self.longest)
        if not tokens.words:
            return None
        for section in self.profile.sections:
            if section.id in seen:
                continue
            short = min(len(s) for s in self.spellings[section.id]) < 2
            if short and not short_ok and section.id not in expected:
                continue  # a bold "Analys" in running text is not section 5
            found = self._match_words(section, tokens, styled=True, strict=True)
            if found is not None and (not found.rest or table_cell):
                return found
        return None

    def _match_words(
        self, section: Section, tokens: Tokens, *, styled: bool, strict: bool
    ) -> HeadingMatch | None:
        questions = self.questions[section.id]
        if not tokens.words:
            return None
        best_end: int | None = None
        best_len = 0
        for spelling in self.spellings[section.id]:
            end = match_prefix(
                tokens.words,
                0,
                spelling,
                min_ratio=0.8 if strict else 0.6,
                max_extra=1 if strict else 2,
            )
            if end is not None and end > (best_end or 0):
                best_end, best_len = end, len(spelling)
        if best_end is None:
            return None
        position = best_end
        question_found = False
        for question in questions:
            end = match_prefix(tokens.words, position, question, min_ratio=0.7, max_extra=1)
            if end is not None:
                position = end
                question_found = True
        rest = tokens.rest(position)
        if rest and not styled:
            after = tokens.ends[best_end - 1]
            closed = tokens.text[after : after + 1] in ("?", ".", ":")
            if not (question_found or (best_len >= 3 and closed) or best_len >= 5):
                return None
        return HeadingMatch(section, rest, question_found, numbered=not strict)


_MATCHERS: dict[int, HeadingMatcher] = {}


def matcher_for(profile: Profile) -> HeadingMatcher:
    """One matcher per profile: its word lists are computed once for a whole batch."""
    found = _MATCHERS.get(id(profile))
    if found is None or found.profile is not profile:
        found = _MATCHERS[id(profile)] = HeadingMatcher(profile)
    return found
