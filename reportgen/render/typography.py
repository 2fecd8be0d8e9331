"""Typography of numbers in the Word report: the minus sign.

reportgen.formatting writes an ASCII hyphen for negative numbers, as the
submitted reports do and as terminals and the year-end spreadsheet want. In
print a hyphen before a figure reads as a dash ("-2", "-50,0 %"), so the report
uses the real minus sign (U+2212); the Word reader and the amount parser read
it back as a minus.
"""

from __future__ import annotations

MINUS = "\u2212"


def minus(text: str) -> str:
    """ "-2" -> "−2", "-50,0 %" -> "−50,0 %": a leading hyphen before a digit becomes a minus."""
    if text.startswith("-") and text[1:2].isdigit():
        return MINUS + text[1:]
    return text
