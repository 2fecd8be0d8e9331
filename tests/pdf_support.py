"""Shared helpers for the PDF tests: skip reasons, structure-tree walking, leftovers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportgen.pdf import find_soffice, uno_python

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (libreoffice-writer-nogui) saknas; .ci/run installerar det med apt-get",
)
needs_uno = pytest.mark.skipif(
    find_soffice() is None or uno_python() is None,
    reason="LibreOffice eller python3-uno saknas; .ci/run installerar dem med apt-get",
)


def structure(pdf: Any) -> Iterator[Any]:
    """Every structure element (dictionary with /S) of a pikepdf document, depth first."""
    import pikepdf

    stack = [pdf.Root.StructTreeRoot.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield node
            if "/K" in node:
                stack.append(node.K)


def office_processes(marker: str) -> list[int]:
    """Pids whose command line contains `marker` (a temporary folder only one test uses)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in command and state != "Z":
            found.append(int(entry.name))
    return found


def leftover_sockets(since: set[str]) -> set[str]:
    """LibreOffice pipes in /tmp that were not there before (`since`)."""
    return {p.name for p in Path("/tmp").glob("OSL_PIPE_*")} - since


def current_sockets() -> set[str]:
    return {p.name for p in Path("/tmp").glob("OSL_PIPE_*")}


def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TMPDIR of the test's own, so its LibreOffice folders can be found and counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    return folder
