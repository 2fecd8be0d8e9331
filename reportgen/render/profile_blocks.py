"""Statistics blocks a profile places in named sections (`block:` in profile.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport


def section_blocks(loaded: LoadedReport, *, charts: bool) -> dict[str, dict[str, Any]]:
    """Section id -> its computed block (sentences and tables); every section has one."""
    return {s.id: {"stycken": [], "tabeller": []} for s in loaded.profile.sections}
