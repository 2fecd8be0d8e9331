"""The service under test: one running app per test session, and the files people upload.

`service` starts the real application once (worker processes, a warm LibreOffice
when one is installed) and hands out an ASGI test client; tests that need other
settings start their own with `running(...)`. The upload builders make what owners
and staff really send – a hand-filled Word report, an example insats with its
workbook, a zip of intervention folders – and the hostile variants.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reportgen.web.app import create_app
from reportgen.web.service import Service
from reportgen.web.settings import MB, Settings
from tests.conftest import EXAMPLES
from tests.docx_fixtures import HandFilled, write_docx

MAX_BODY = 2 * MB  # small, so the limit is cheap to test
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Files = list[tuple[str, tuple[str, bytes]]]


@contextmanager
def running(**overrides: Any) -> Iterator[TestClient]:
    """The application with `Settings(**overrides)`, started and stopped around the block."""
    defaults: dict[str, Any] = {"jobs": 2, "max_body": MAX_BODY, "queue": 32, "pdf_workers": 0}
    with TestClient(create_app(Settings(**{**defaults, **overrides}))) as client:
        yield client


@pytest.fixture(scope="session", name="client")
def web_client() -> Iterator[TestClient]:
    """One service for the whole session, with PDF when LibreOffice is installed."""
    with running(pdf_workers=1) as started:
        yield started


def service_of(client: TestClient) -> Service:
    service: Service = client.app.state.service  # type: ignore[attr-defined]
    return service


def leftovers(client: TestClient) -> list[str]:
    """Everything in the service's private folder: must be empty between requests."""
    return sorted(p.name for p in service_of(client).root.iterdir())


# ----------------------------------------------------------------- what people upload


def report_docx(tmp_path: Path, filename: str = "rapport.docx", **changes: Any) -> bytes:
    """A hand-filled submitted report; no changes gives a clean slutrapport."""
    return write_docx(tmp_path / filename, HandFilled(**changes)).read_bytes()


def flawed_report(tmp_path: Path) -> bytes:
    """A report staff would send back: wrong total, 4.2 missing, no signature."""
    return report_docx(
        tmp_path,
        "bristfallig.docx",
        total=("Summa", "900 000", "901 800"),
        headings={"4.2": None},
        signature=[],
    )


def example(name: str = "arbetskonsulent-i-samverkan") -> tuple[bytes, bytes | None]:
    """insats.yaml and statistik.xlsx (None for a structural intervention) of an example."""
    folder = EXAMPLES / name
    workbook = folder / "statistik.xlsx"
    return (folder / "insats.yaml").read_bytes(), (
        workbook.read_bytes() if workbook.exists() else None
    )


def build_files(name: str = "arbetskonsulent-i-samverkan", yaml: bytes | None = None) -> Files:
    insats, workbook = example(name)
    files: Files = [("insats", ("insats.yaml", yaml if yaml is not None else insats))]
    if workbook is not None:
        files.append(("statistik", ("statistik.xlsx", workbook)))
    return files


def zip_of(entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    """A zip with `entries`; names in `links` are stored as symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def examples_zip(*names: str, top: str = "insatser") -> bytes:
    """The shipped examples as staff would zip them: one folder per intervention."""
    entries: dict[str, bytes] = {}
    for name in names:
        for path in sorted((EXAMPLES / name).iterdir()):
            entries[f"{top}/{name}/{path.name}"] = path.read_bytes()
    return zip_of(entries)


def zip_bomb(unpacked: int = 40 * MB) -> bytes:
    """A small zip holding one file of `unpacked` zeros (ratio about 1000:1)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("insats/insats.yaml", "w", force_zip64=True) as entry,
    ):
        chunk = b"\0" * MB
        for _ in range(unpacked // MB):
            entry.write(chunk)
    return buffer.getvalue()
