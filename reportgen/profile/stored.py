"""The parsed values of profile.yaml files kept on disk, so a command does not parse them again.

`reportgen check rapport.docx` reads every installed profile to find the funder.
Parsing a profile.yaml costs 2–3 ms and importing PyYAML at all ~12 ms; validating
the parsed values costs 0.2 ms. So the values (plain dicts, lists, strings and
numbers) of a profile that loaded without a problem are kept in the user's cache
folder (reportgen.files.cache_folder: this user's, no one else may write to it),
under a key made of the file's bytes and everything the parse depends on. They
are validated again on every load: what is kept is the parse, never a profile
taken on trust. A profile with a problem is never kept, so its message always
comes from reading the YAML with its lines. REPORTGEN_CACHE=0 turns this off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from reportgen.files import cache_folder, module_stamp, read_input

FORMAT = 1
KEEP = 32
_MAX_BYTES = 2 * 1024 * 1024  # yamlio's limit: a larger file is refused there, with its message
_DEPENDS_ON = ("reportgen.yamlio", "yaml", "yaml.constructor")


class StoredProfile:
    """One profile.yaml's bytes, and its parsed values when they were kept."""

    def __init__(self, path: Path) -> None:
        self.folder = cache_folder("profiler")
        self.key = ""
        if self.folder is None:
            return
        try:
            raw = read_input(path, max_bytes=_MAX_BYTES)
        except Exception:  # unreadable here: the YAML reader says why
            self.folder = None
            return
        import reportgen

        digest = hashlib.sha256(raw)
        for item in (FORMAT, sys.version, reportgen.__version__, *map(module_stamp, _DEPENDS_ON)):
            digest.update(b"\0" + str(item).encode("utf-8"))
        self.key = digest.hexdigest()

    def values(self) -> dict[str, Any] | None:
        """The kept values, or None (none kept, switched off, or damaged)."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{self.key}.bin", "rb") as handle:
                data = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    def keep(self, data: Any) -> None:
        """Keep the values of a profile that loaded; silently nothing when not possible."""
        if self.folder is None or not isinstance(data, dict):
            return
        try:
            packed = marshal.dumps(data)  # ValueError for anything but plain values
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(packed)
                os.replace(temporary, self.folder / f"{self.key}.bin")
            except BaseException:
                os.unlink(temporary)
                raise
            entries = sorted(self.folder.glob("*.bin"), key=lambda e: e.stat().st_mtime_ns)
            for entry in entries[:-KEEP]:
                entry.unlink(missing_ok=True)
        except (OSError, ValueError):
            return
