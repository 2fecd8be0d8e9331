"""The service under test: one running app per test session, and the files people upload.

`service` starts the real application once (worker processes, a warm LibreOffice
when one is installed) and hands out an ASGI test client; tests that need other
settings start their own with `running(...)`. The upload builders make what owners
and staff really send – a hand-filled Word report, an example insats with its
workbook, a zip of intervention folders – and the hostile variants.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import stat
import urllib.error
import urllib.request
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
    """What requests left in the service's private folder: must be nothing.

    (LibreOffice's warm-up document may still be there while the session's service starts.)
    """
    return sorted(p.name for p in service_of(client).root.iterdir() if p.name != "pdf-uppvarmning")


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


# ----------------------------------------------------------------- a real browser (W3C WebDriver)

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class Browser:
    """The few WebDriver commands the tests need, spoken to chromedriver over HTTP.

    No Selenium: the W3C protocol is JSON over HTTP, and twenty lines of urllib cover
    navigation, finding elements, typing a file path into a file input, clicking,
    running a script and taking a screenshot.
    """

    def __init__(self, driver: str, session: str) -> None:
        self.base = f"{driver}/session/{session}"

    @classmethod
    def start(cls, driver: str, profile: Path, downloads: Path) -> Browser:
        options = {
            "binary": "/usr/bin/chromium",
            "args": [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1000"],
            "prefs": {
                "download.default_directory": str(downloads),
                "download.prompt_for_download": False,
            },
        }
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        answer = call(f"{driver}/session", {"capabilities": capabilities}, timeout=60)
        browser = cls(driver, answer["sessionId"])
        browser.cdp("Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
        return browser

    def command(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return call(f"{self.base}{path}", body, method=method)

    def cdp(self, name: str, **params: Any) -> Any:
        return self.command("POST", "/chromium/send_command", {"cmd": name, "params": params})

    def go(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def find(self, css: str) -> str:
        found = self.command("POST", "/element", {"using": "css selector", "value": css})
        return str(found[ELEMENT])

    def type(self, css: str, text: str) -> None:
        self.command("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self.command("POST", f"/element/{self.find(css)}/click", {})

    def run(self, script: str) -> Any:
        return self.command("POST", "/execute/sync", {"script": script, "args": []})

    def text(self) -> str:
        return str(self.run("return document.body.innerText;"))

    def size(self, width: int, height: int) -> None:
        self.command("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, target: Path, *, width: int = 1280) -> Path:
        """The whole page: the window is made as tall as the document first."""
        self.size(width, 1000)
        height = int(self.run("return document.documentElement.scrollHeight;"))
        self.size(width, min(max(height + 140, 600), 8000))
        target.write_bytes(base64.b64decode(self.command("GET", "/screenshot")))
        return target

    def quit(self) -> None:
        with contextlib.suppress(Exception):
            self.command("DELETE", "")


def call(
    url: str, body: dict[str, Any] | None = None, *, method: str = "POST", timeout: float = 30
) -> Any:
    data = None if method in ("GET", "DELETE") else json.dumps(body or {}).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read() or b"null")["value"]
    except urllib.error.HTTPError as error:
        raise AssertionError(f"WebDriver {method} {url}: {error.read()[:500]!r}") from None
