"""The association's follow-up across all interventions (domain.md §7.1), as data.

At year end the office compiles one document over every intervention: their
periods, goal status, budget against outcome, participants and exit reasons,
and whether each report passed the checks. Those totals are where copy-paste
errors used to creep in, so here every total is *computed* from the
per-intervention figures (reportgen.figures) and nothing is typed.

The package is pure data and imports no renderer:

- `cells`: typed cells, rows and tables, and `LAYOUTS`, each table's fixed shape;
- `totals`: what the compilation reads of a batch result, and the association's sums;
- `tables`: the six tables;
- `document`: the `Compilation` with its summary in words.

The renderers (`render/compilation_docx.py`, `render/compilation_xlsx.py`) only
lay the tables out; a cell's value stays a number until the very end, so the
.xlsx gets real numbers and the .docx gets Swedish formatting of the same values.
"""

from reportgen.compilation.cells import LAYOUTS, Cell, HeaderCell, Layout, Row, Share, Table
from reportgen.compilation.document import Compilation, build_compilation
from reportgen.compilation.totals import ReportStatus, Totals, result_label

__all__ = [
    "LAYOUTS",
    "Cell",
    "Compilation",
    "HeaderCell",
    "Layout",
    "ReportStatus",
    "Row",
    "Share",
    "Table",
    "Totals",
    "build_compilation",
    "result_label",
]
