"""What building a report imports on first use, imported ahead by a process that forks workers.

Most of a build's modules are imported lazily, so that a one-off command loads only
what it uses. A process that forks workers – the batch's parent, the web service's
forkserver – imports them once instead, before forking: every worker then starts
with them loaded and shared, rather than importing them itself in its first report
(tests/test_preload.py checks that a build after `preload` imports nothing).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence

__all__ = ["BUILD_MODULES", "preload"]

BUILD_MODULES = (
    "yaml",
    "reportgen.pipeline",
    "reportgen.checks",
    "reportgen.sources.yaml_source",
    "reportgen.sources.excel.source",
    "reportgen.stats",
    "reportgen.stats_results",
    "reportgen.render.context",
    "reportgen.render.docx",
    "reportgen.render.stats_blocks",
    "reportgen.render.template_cache",
    "reportgen.render.template_store",
    "reportgen.render.fill",
    "reportgen.render.body_shape",
    "reportgen.render.charts",
    "reportgen.render.alt_text",
    "reportgen.render.sandbox",
    "reportgen.render.appendix",
    "reportgen.render.funder_context",
    "reportgen.render.profile_blocks",
    "reportgen.render.result_blocks",
)


def preload(extra: Sequence[str] = ()) -> None:
    """Import the build's modules and `extra`, and register every rule. A module that
    cannot be imported is left for the build to fail on, where it is reported."""
    for name in (*BUILD_MODULES, *extra):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from reportgen.checks import all_rules

        all_rules()  # imports every rule module
