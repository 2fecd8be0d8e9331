"""The `reportgen` command line: the only package that imports Click.

`reportgen.cli:main` is the console script; `cli` is the Click group (tests and
CliRunner use it). Each command lives in its own module and registers itself on
the group when imported here.
"""

from __future__ import annotations

from reportgen.cli import batch, build, check, profile, scaffold, serve, stats  # noqa: F401
from reportgen.cli.group import cli, main

__all__ = ["cli", "main"]
