"""What an operator can set for `reportgen serve`, with the limits every request obeys.

One frozen object, built by the `serve` command (or a test), handed to `create_app`.
Limits are deliberately small defaults: one association's office serves a few
dozen people, and a national load is ~3 000 reports a year (design.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from reportgen.errors import ReportgenError

TOKEN_ENV = "REPORTGEN_API_TOKEN"  # optional bearer token for /api/*
MB = 1024 * 1024

_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(b|byte|kb|k|mb|m|gb|g)?\s*$", re.IGNORECASE)
_UNITS = {"b": 1, "byte": 1, "k": 1024, "kb": 1024, "m": MB, "mb": MB, "g": MB * 1024}
_UNITS["gb"] = _UNITS["g"]


def parse_size(text: str) -> int:
    """`20MB`, `20 mb`, `512kb`, `1,5GB` or plain bytes -> bytes; a clear error otherwise."""
    match = _SIZE.match(text)
    if not match:
        raise ReportgenError(
            f"Storleken '{text}' förstås inte. Skriv till exempel 20MB, 512kB eller 1GB."
        )
    number = float(match.group(1).replace(",", "."))
    size = int(number * _UNITS[(match.group(2) or "b").lower()])
    if size < 1024:
        raise ReportgenError(f"Storleken '{text}' är för liten; ange minst 1kB.")
    return size


def format_size(size: int) -> str:
    """Bytes as Swedish users read them: `20 MB`, `512 kB`."""
    if size >= MB and size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} kB"


@dataclass(frozen=True)
class ZipLimits:
    """What an uploaded archive (Årsskifte) may contain, checked before anything is unpacked."""

    max_entries: int = 2_000
    max_expanded: int = 200 * MB  # all files together, unpacked
    max_entry: int = 50 * MB  # one file, unpacked
    max_ratio: int = 100  # unpacked / packed for one file: more is a zip bomb


@dataclass(frozen=True)
class Settings:
    """How the service runs. `jobs` CPU-bound tasks run at once; `queue` more may wait."""

    host: str = "127.0.0.1"
    port: int = 8000
    jobs: int = 2
    max_body: int = 20 * MB
    queue: int | None = None  # waiting requests beyond `jobs`; None = 4 per job
    time_limit: float = 120.0  # seconds of work for one request (review, build, PDF)
    job_time_limit: float = 30 * 60.0  # seconds for one Årsskifte job
    job_ttl: float = 60 * 60.0  # a job's files are deleted this long after it ends
    max_jobs: int = 4  # Årsskifte jobs queued or running at once
    max_files: int = 100  # files in one review
    pdf_workers: int | None = None  # warm LibreOffices; None = min(2, jobs), 0 = no PDF
    token: str | None = field(default=None, repr=False)  # bearer token for /api/*
    zip_limits: ZipLimits = field(default_factory=ZipLimits)

    @property
    def waiting(self) -> int:
        return self.queue if self.queue is not None else 4 * self.jobs

    @property
    def pdf_size(self) -> int:
        return min(2, self.jobs) if self.pdf_workers is None else self.pdf_workers

    @property
    def batch_slots(self) -> int:
        """Slots one Årsskifte job takes: half of them, so reviews still get through."""
        return max(1, self.jobs // 2)


def token_from_environment() -> str | None:
    """The API token, if the operator set one; blank means none."""
    value = os.environ.get(TOKEN_ENV, "").strip()
    return value or None
