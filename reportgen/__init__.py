"""reportgen – del- och slutrapporter för insatser finansierade av samordningsförbund.

The library API (the command line and the web service are thin callers of these)::

    from pathlib import Path
    import reportgen

    outcome = reportgen.build_one(Path("inputs/ips-stod-delrapport"), output_dir=Path("out"))
    print(outcome.status, outcome.output, [f.code for f in outcome.findings])

Names are imported on first use, so `import reportgen` (and `reportgen --help`)
stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "build_one": "reportgen.pipeline",
    "build_report": "reportgen.pipeline",
    "BuildOutcome": "reportgen.pipeline",
    "BuildStatus": "reportgen.pipeline",
    "inspect": "reportgen.pipeline",
    "check_paths": "reportgen.pipeline",
    "FileCheck": "reportgen.pipeline",
    "run_batch": "reportgen.batch",
    "BatchResult": "reportgen.batch",
    "statistics_for_path": "reportgen.stats_run",
    "StatsRun": "reportgen.stats_run",
    "load_source": "reportgen.sources",
    "LoadedReport": "reportgen.loaded",
    "Finding": "reportgen.findings",
    "Severity": "reportgen.findings",
    "ReportgenError": "reportgen.errors",
}

__all__ = [
    "BatchResult",
    "BuildOutcome",
    "BuildStatus",
    "FileCheck",
    "Finding",
    "LoadedReport",
    "ReportgenError",
    "Severity",
    "StatsRun",
    "__version__",
    "build_one",
    "build_report",
    "check_paths",
    "inspect",
    "load_source",
    "run_batch",
    "statistics_for_path",
]

if TYPE_CHECKING:
    from reportgen.batch import BatchResult, run_batch
    from reportgen.errors import ReportgenError
    from reportgen.findings import Finding, Severity
    from reportgen.loaded import LoadedReport
    from reportgen.pipeline import (
        BuildOutcome,
        BuildStatus,
        FileCheck,
        build_one,
        build_report,
        check_paths,
        inspect,
    )
    from reportgen.sources import load_source
    from reportgen.stats_run import StatsRun, statistics_for_path


def __getattr__(name: str) -> Any:
    """PEP 562: the entry points are imported the first time they are used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
