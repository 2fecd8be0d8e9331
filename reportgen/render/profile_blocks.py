"""The statistics blocks each section holds (`block:` in profile.yaml), for the template.

`block["<avsnitt>"]` holds `stycken` (sentences) and `tabeller` (tables in the
shape the template's table loop reads: caption, lead, columns, rows, note);
tables are numbered through the whole report in section order. A section
without blocks gets empty lists, so a template may loop over any section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.render.result_blocks import BLOCKS, NO_STATISTICS, Block, Inputs
from reportgen.render.stats_blocks import table_block

if TYPE_CHECKING:
    from reportgen.loaded import LoadedReport
    from reportgen.render.stats_model import StatTable


def section_blocks(loaded: LoadedReport, *, charts: bool) -> dict[str, dict[str, Any]]:
    """Section id -> its computed block (sentences and tables); every section has one."""
    inputs = _inputs(loaded)
    found: dict[str, dict[str, Any]] = {}
    number = 0
    for section in loaded.profile.sections:
        sentences: list[str] = []
        tables: list[dict[str, Any]] = []
        if section.blocks and inputs is None:
            sentences.append(NO_STATISTICS)
        for name in section.blocks if inputs is not None else ():
            assert inputs is not None
            block: Block = BLOCKS[name](inputs)
            sentences.extend(block.sentences)
            for table in block.tables:
                number += 1
                tables.append(_table(number, table))
        found[section.id] = {"stycken": sentences, "tabeller": tables}
    return found


def _inputs(loaded: LoadedReport) -> Inputs | None:
    statistics = loaded.statistics
    if statistics is None or not statistics.episodes or statistics.results is None:
        return None
    return Inputs(statistics, statistics.results, loaded.profile.step_names)


def _table(number: int, table: StatTable) -> dict[str, Any]:
    return table_block(f"Tabell {number}. {table.title}", table)


def known_blocks() -> list[str]:
    """The block names profile.yaml may use (`block:`), in the order reportgen defines them."""
    return list(BLOCKS)
