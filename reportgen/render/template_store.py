"""Prepared templates kept on disk, so a one-off command does not prepare the template again.

Preparing a template (render/template_layout.py) imports docxtpl and python-docx,
cleans the XML and compiles it with Jinja: about a fifth of a one-off `reportgen
build`, and the same every time for the same template. So the layout and the
compiled code are kept in the user's cache folder ($REPORTGEN_CACHE, else
$XDG_CACHE_HOME/reportgen or ~/.cache/reportgen), under a key made of the
template's bytes and everything the result depends on: this Python (the code is
marshalled bytecode), jinja2's version, reportgen's version and the files that
define the sandbox and the rendering, and docxtpl's `patch_xml`.

The folder is used only when it belongs to this user and no one else can write
to it (like Python's own __pycache__, a cached file is code that will run); any
problem reading or writing it means preparing as before, never an error.
REPORTGEN_CACHE=0 turns the store off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from dataclasses import astuple
from pathlib import Path
from types import CodeType
from typing import Any

from reportgen.files import cache_folder, module_stamp
from reportgen.render.template_layout import Layout

__all__ = ["key_for", "load", "save"]

FORMAT = 1
KEEP = 64
"""Entries kept; older ones are removed when a new one is stored (templates and reportgen
change rarely, but every change makes a new key)."""


def folder() -> Path | None:
    """The cache folder, created private; None when switched off or not safely ours."""
    return cache_folder("mallar")


def key_for(template: bytes, environment: Any) -> str:
    """A name for the prepared form of `template` under `environment`, by content."""
    import jinja2

    import reportgen

    digest = hashlib.sha256(template)
    for item in (
        FORMAT,
        sys.version,
        jinja2.__version__,
        reportgen.__version__,
        _fingerprint(environment),
        *(module_stamp(name) for name in _DEPENDS_ON),
    ):
        digest.update(b"\0" + str(item).encode("utf-8"))
    return digest.hexdigest()


_DEPENDS_ON = (
    "reportgen.render.sandbox",
    "reportgen.render.docx",
    "reportgen.render.template_layout",
    "reportgen.render.body_shape",
    "docxtpl.template",
)


def _fingerprint(environment: Any) -> str:
    """What Jinja's generated code depends on in the environment."""
    kind = type(environment)
    return repr(
        (
            [f"{c.__module__}.{c.__qualname__}" for c in kind.__mro__],
            getattr(environment, "code_generator_class", None),
            sorted(getattr(kind, "intercepted_binops", ())),
            sorted(getattr(kind, "intercepted_unops", ())),
            environment.autoescape if isinstance(environment.autoescape, bool) else "callable",
            environment.finalize is not None,
            sorted(environment.filters),
            sorted(environment.tests),
            environment.block_start_string,
            environment.variable_start_string,
            environment.comment_start_string,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            sorted(environment.extensions),
            environment.optimized,
            environment.is_async,
        )
    )


def load(key: str) -> tuple[Layout, list[CodeType]] | None:
    """The stored layout and compiled code for `key`, or None."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / f"{key}.bin", "rb") as handle:
            data = marshal.load(handle)
        fields, code = data
        layout = Layout(*fields)
        if len(code) != len(layout.sources()) or not all(isinstance(c, CodeType) for c in code):
            return None
        return layout, list(code)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save(key: str, layout: Layout, code: list[CodeType]) -> None:
    """Store the layout and code for `key`; silently nothing when that is not possible."""
    where = folder()
    if where is None:
        return
    try:
        data = marshal.dumps((astuple(layout), tuple(code)))
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, where / f"{key}.bin")
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(where)
    except (OSError, ValueError):
        return


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.bin"), key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[:-KEEP]:
        entry.unlink(missing_ok=True)
