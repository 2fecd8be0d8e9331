"""What association staff get from a review of submitted reports, as library functions.

`reportgen check` turns each input into a `reportgen.pipeline.FileCheck` (its
findings and the loaded report); these functions turn a run's checks into the
outputs staff act on:

* `write_marked_up_copies` – a copy of each Word report with a comment per
  finding, anchored where it is (`markup`);
* `write_findings_workbook` – the sheets "Rapporter" and "Fynd" (`workbook`);
* `format_compact` – one line per report with its verdict and key figures,
  findings grouped under it (`compact`);
* `write_completion_letters` / `completion_letter` – a short Swedish letter per
  report that needs completing, section by section (`letters`);
* `summarise` – the verdict and key figures they all share (`summary`).

Nothing here parses options or prints: the command line (reportgen.cli.check)
and the web service call these and report what was written.
"""

from reportgen.staff.compact import format_compact
from reportgen.staff.letters import completion_letter, write_completion_letters
from reportgen.staff.markup import write_marked_up_copies, write_marked_up_copy
from reportgen.staff.summary import APPROVED, INCOMPLETE, UNREADABLE, ReportSummary, summarise
from reportgen.staff.workbook import build_workbook, write_findings_workbook

__all__ = [
    "APPROVED",
    "INCOMPLETE",
    "UNREADABLE",
    "ReportSummary",
    "build_workbook",
    "completion_letter",
    "format_compact",
    "summarise",
    "write_completion_letters",
    "write_findings_workbook",
    "write_marked_up_copies",
    "write_marked_up_copy",
]
