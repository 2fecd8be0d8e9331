"""Plain-text tables for the terminal: the check summary and the batch summary share one."""

from __future__ import annotations

from collections.abc import Sequence


def aligned_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric_from: int,
    total: Sequence[str] | None = None,
) -> list[str]:
    """Columns padded to their widest cell; columns from `numeric_from` on are right-aligned
    (counts line up), and a `total` row is set off by a rule as in a printed table."""
    every = [headers, *rows, *([total] if total is not None else [])]
    widths = [max(len(row[i]) for row in every) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i >= numeric_from else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [line(headers), rule, *(line(row) for row in rows)]
    if total is not None:
        lines += [rule, line(total)]
    return lines
