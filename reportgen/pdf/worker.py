"""One warm LibreOffice for the pool (pool.py): soffice, its UNO bridge, its folder.

Everything a worker creates lives under one `reportgen-lo-*` folder (profile, LibreOffice's
temporary files, the staged document and its PDF), except the two local sockets
LibreOffice 7.4 always puts in /tmp; `kill()` removes all of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from reportgen.pdf.convert import (
    STAGED_NAME,
    office_environment,
    office_sockets,
    remove_sockets,
    stage,
)
from reportgen.pdf.options import PdfOptions, write_profile

BRIDGE = Path(__file__).with_name("uno_bridge.py")


class WorkerFailed(Exception):
    """The worker timed out, died or could not convert; it must be replaced."""


class Worker:
    """One soffice and its UNO bridge; used by one thread at a time."""

    def __init__(self, soffice: str, python: str, startup_seconds: float) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="reportgen-lo-"))
        self.conversions = 0
        self.startup_seconds = startup_seconds
        self._buffer = b""
        self._lock = threading.Lock()
        self._dead = False
        self.sockets: list[Path] = []
        self.office: subprocess.Popen[bytes] | None = None
        self.bridge: subprocess.Popen[bytes] | None = None
        try:
            write_profile(self.root / "profil")
            pipe = f"reportgen-{os.getpid()}-{secrets.token_hex(8)}"
            self.sockets = office_sockets(self.root / "profil", pipe)
            environment = office_environment(self.root)
            self.office = subprocess.Popen(
                [
                    soffice,
                    f"-env:UserInstallation={(self.root / 'profil').as_uri()}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--nodefault",
                    "--norestore",
                    "--nolockcheck",
                    f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,  # its own process group: killed as one, no Ctrl-C
            )
            self.bridge = subprocess.Popen(
                [
                    python,
                    "-I",
                    str(BRIDGE),
                    pipe,
                    str(self.office.pid),
                    str(self.root),
                    str(startup_seconds),
                    *map(str, self.sockets),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,
            )
        except BaseException:
            self.kill()
            raise

    @property
    def pid(self) -> int | None:
        """The LibreOffice process group (for tests that kill a worker)."""
        return self.office.pid if self.office else None

    def wait_ready(self) -> None:
        try:
            hello = self._read(time.monotonic() + self.startup_seconds + 5)
        except WorkerFailed as exc:
            raise WorkerFailed(f"LibreOffice startade inte ({exc})") from None
        if not hello.get("ready"):
            raise WorkerFailed(f"LibreOffice startade inte ({hello.get('error', '?')})")

    def convert(self, docx: Path, options: PdfOptions, timeout: float) -> Path:
        """The PDF of `docx`, inside this worker's folder; raise WorkerFailed on any trouble."""
        source = self.root / "in" / STAGED_NAME
        produced = self.root / "ut" / (Path(STAGED_NAME).stem + ".pdf")
        source.parent.mkdir(exist_ok=True)
        produced.parent.mkdir(exist_ok=True)
        produced.unlink(missing_ok=True)
        stage(docx, source)  # ConversionError: the document, not the worker, is at fault
        request = {"in": source.as_uri(), "out": produced.as_uri(), "filter": options.filter_data()}
        self._write(request)
        answer = self._read(time.monotonic() + timeout, timeout=timeout)
        if not answer.get("ok"):
            raise WorkerFailed(str(answer.get("error") or "okänt fel"))
        if not produced.is_file():
            raise WorkerFailed("ingen PDF skrevs")
        self.conversions += 1
        return produced

    def _write(self, message: dict[str, Any]) -> None:
        assert self.bridge is not None and self.bridge.stdin is not None
        try:
            self.bridge.stdin.write(json.dumps(message).encode() + b"\n")
            self.bridge.stdin.flush()
        except (OSError, ValueError) as exc:
            raise WorkerFailed(f"förbindelsen bröts: {exc}") from None

    def _read(self, deadline: float, *, timeout: float | None = None) -> dict[str, Any]:
        assert self.bridge is not None and self.bridge.stdout is not None
        descriptor = self.bridge.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerFailed(f"inget svar inom {timeout or self.startup_seconds:g} s")
            try:
                ready, _, _ = select.select([descriptor], [], [], remaining)
            except (OSError, ValueError):
                raise WorkerFailed("förbindelsen stängdes") from None
            if not ready:
                continue
            chunk = os.read(descriptor, 65536)
            if not chunk:
                raise WorkerFailed("LibreOffice-förbindelsen avslutades")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            raise WorkerFailed("obegripligt svar från UNO-klienten") from None
        return message if isinstance(message, dict) else {}

    def kill(self) -> None:
        """Kill LibreOffice (its whole process group) and the bridge; delete the folder."""
        with self._lock:
            if self._dead:
                return
            self._dead = True
        if self.office is not None:
            _kill_office(self.office)
        if self.bridge is not None:
            with contextlib.suppress(OSError):
                self.bridge.kill()
        for process in (self.office, self.bridge):
            if process is not None:
                with contextlib.suppress(Exception):
                    process.wait(10)
        if self.bridge is not None:
            for stream in (self.bridge.stdin, self.bridge.stdout):
                with contextlib.suppress(Exception):
                    stream.close()  # type: ignore[union-attr]
        shutil.rmtree(self.root, ignore_errors=True)
        remove_sockets(self.sockets)


def _kill_office(office: subprocess.Popen[bytes]) -> None:
    """Kill soffice.bin before its parent (oosplash), so that the parent reaps it and no
    zombie is handed to init; then the rest of the process group."""
    for child in _children(office.pid):
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        office.wait(2)
    with contextlib.suppress(OSError):
        os.killpg(office.pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (Linux /proc; none found elsewhere, then killpg does it all)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == pid:
                        found.append(int(entry.name))
    return found
