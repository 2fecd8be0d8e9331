"""Year-end batch: every intervention's report in parallel, and the compilation across them.

    from reportgen.batch import run_batch
    result = run_batch(Path("inputs"), Path("out"), jobs=2)

See `runner.run_batch` for the behaviour and `results` for what comes back.
"""

from __future__ import annotations

from reportgen.batch.outputs import COMPILATION_DOCX, COMPILATION_XLSX, REVIEW_FILE, summary_rows
from reportgen.batch.results import BatchResult, InterventionResult
from reportgen.batch.runner import run_batch
from reportgen.errors import EXIT_INTERRUPTED, BatchInterrupted

__all__ = [
    "COMPILATION_DOCX",
    "COMPILATION_XLSX",
    "EXIT_INTERRUPTED",
    "REVIEW_FILE",
    "BatchInterrupted",
    "BatchResult",
    "InterventionResult",
    "run_batch",
    "summary_rows",
]
