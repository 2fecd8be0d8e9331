"""`*kursiv*` and `**fet**` in owner text -> runs with italic and bold, in one linear pass.

Owners copy text from Word, where a survey question is in italics; in
insats.yaml they mark it as in an e-mail or Markdown: `*Har du fått stöd …?*`.
Only the asterisk is a marker (an underscore is common in e-mail addresses and
file names). A marker opens when a non-space follows it and closes when a
non-space precedes it, so `5 * 3 * 2` and a lone `*` print as typed; `\\*`
is a literal asterisk. Markers that never close print as typed too.

Matching uses a stack and looks only at its top, so the work is linear in the
text's length whatever the text contains (nested `**fet *och kursiv***` works;
crossed markers such as `*a **b* c**` fall back to literal asterisks where
they cannot pair).
"""

from __future__ import annotations

from dataclasses import dataclass

ESCAPED_STAR = "\\*"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class _Piece:
    text: str
    marker: int = 0  # 1 or 2 asterisks; 0 for text
    pair: int = -1  # index of the matching marker, -1 when unmatched


def runs(text: str, *, italic: bool = False) -> list[Run]:
    """The text as runs; `italic` makes every run italic (a quotation)."""
    if "*" not in text:
        return [Run(text, italic=italic)] if text else []
    pieces = _pieces(text)
    _pair(pieces)
    result: list[Run] = []
    bold = 0
    emphasis = 0
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            result.append(Run("".join(buffer), bold=bold > 0, italic=italic or emphasis > 0))
            buffer.clear()

    for index, piece in enumerate(pieces):
        if not piece.marker:
            buffer.append(piece.text)
            continue
        if piece.pair < 0:
            buffer.append(piece.text)
            continue
        flush()
        opening = piece.pair > index
        step = 1 if opening else -1
        if piece.marker == 2:
            bold += step
        else:
            emphasis += step
    flush()
    return result


def plain(text: str) -> str:
    """The text without its emphasis markers, as a reader sees it."""
    return "".join(run.text for run in runs(text))


def _pieces(text: str) -> list[_Piece]:
    """Text pieces and marker pieces (`*` or `**`; a longer run of stars is split from its
    start); `\\*` becomes a literal star."""
    pieces: list[_Piece] = []
    length = len(text)
    start = 0
    index = 0
    while index < length:
        char = text[index]
        if char == "\\" and text.startswith(ESCAPED_STAR, index):
            if index > start:
                pieces.append(_Piece(text[start:index]))
            pieces.append(_Piece("*"))
            index += 2
            start = index
            continue
        if char != "*":
            index += 1
            continue
        if index > start:
            pieces.append(_Piece(text[start:index]))
        end = index
        while end < length and text[end] == "*":
            end += 1
        stars = end - index
        while stars > 0:
            size = 2 if stars >= 2 else 1
            pieces.append(_Piece("*" * size, marker=size))
            stars -= size
        index = start = end
    if start < length:
        pieces.append(_Piece(text[start:]))
    return pieces


def _pair(pieces: list[_Piece]) -> None:
    """Match closing markers with the opener on top of the stack (linear)."""
    stack: list[int] = []
    for index, piece in enumerate(pieces):
        if not piece.marker:
            continue
        before = _char_before(pieces, index)
        after = _char_after(pieces, index)
        can_close = before is not None and not before.isspace()
        can_open = after is not None and not after.isspace()
        if can_close and stack and pieces[stack[-1]].marker == piece.marker:
            opener = stack.pop()
            if opener == index - 1:  # `****`: nothing between the markers
                stack.append(opener)
            else:
                pieces[opener].pair = index
                piece.pair = opener
                continue
        if can_open:
            stack.append(index)


def _char_before(pieces: list[_Piece], index: int) -> str | None:
    if index == 0:
        return None
    previous = pieces[index - 1]
    return previous.text[-1] if previous.text else None


def _char_after(pieces: list[_Piece], index: int) -> str | None:
    if index + 1 >= len(pieces):
        return None
    following = pieces[index + 1]
    return following.text[0] if following.text else None
