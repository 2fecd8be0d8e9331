"""Text in comparable form, for matching what people type against what reportgen knows.

Owners and teams write `malgrupp` for `målgrupp`, `Forsorjning` for
`Försörjning`; keys, headers, coded values and file names are compared (or
built) without case and diacritics, in one way everywhere.
"""

from __future__ import annotations

import re
import unicodedata


def without_diacritics(text: str) -> str:
    """`Försörjning FÖRE` -> `forsorjning fore`. NFKD also turns NBSP into a plain space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """`Arbetskonsulent i samverkan` -> `arbetskonsulent-i-samverkan` (safe on every OS)."""
    slug = re.sub(r"[^a-z0-9]+", "-", without_diacritics(text)).strip("-")
    return slug[:60].rstrip("-") or "insats"
