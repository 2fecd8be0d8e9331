"""A real browser against `reportgen serve`: review a submitted report, build one and download it.

Chromium is driven through chromedriver's W3C WebDriver API (tests/web_support.Browser).
The service is the real command, `python -m reportgen serve`, on a free loopback port.
Screenshots of each page are saved in the test's temporary folder; with
REPORTGEN_SKARMBILDER=DIR they are also copied there to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.web_support import Browser, call, examples_zip, flawed_report

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("chromedriver") is None,
    reason="Chromium eller chromedriver saknas (Debian: apt-get install chromium chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} kom inte igång på {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`reportgen serve` as a user starts it, on a free loopback port."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "serve", "--port", str(port), "--jobb", "2"],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _status(f"{url}/healthz") == 200, 60, "reportgen serve")
        yield url
    finally:
        process.terminate()
        process.wait(30)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return int(answer.status)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    port = free_port()
    driver = subprocess.Popen(
        ["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    address = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: call(f"{address}/status", method="GET")["ready"], 30, "chromedriver")
        started = Browser.start(address, tmp_path / "profil", tmp_path / "nedladdat")
        try:
            yield started
        finally:
            started.quit()
    finally:
        driver.terminate()
        driver.wait(30)


def keep(shot: Path) -> Path:
    wanted = os.environ.get("REPORTGEN_SKARMBILDER")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(wanted) / shot.name)
    return shot


def test_staff_upload_a_submitted_report_and_see_its_findings(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    browser.go(f"{server}/granska")
    assert browser.run("return document.documentElement.lang;") == "sv"
    keep(browser.screenshot(tmp_path / "1-granska.png"))

    browser.click("form.formular button[type=submit]")  # nothing chosen
    wait_until(lambda: "Det finns ett problem" in browser.text(), 30, "felsammanfattningen")
    assert browser.run("return document.activeElement.className;") == "felsammanfattning"
    keep(browser.screenshot(tmp_path / "2-granska-felsammanfattning.png"))

    report = tmp_path / "bristfallig.docx"
    report.write_bytes(flawed_report(tmp_path))
    browser.type("#fil", str(report))
    browser.click("form.formular button[type=submit]")
    wait_until(lambda: "1 fil granskad" in browser.text(), 60, "granskningen")
    text = browser.text()
    assert "1 fil granskad: 3 fel och 0 varningar." in text
    for heading in ("6. Ekonomisk rapport", "7. Underskrift av insatsägare", "Komplettera"):
        assert heading in text
    assert browser.run("return document.activeElement.getAttribute('role');") == "status"
    keep(browser.screenshot(tmp_path / "3-granska-resultat.png"))

    # 320 CSS pixels (400 % zoom of a 1280 px window): everything reflows, no sideways scrolling
    keep(browser.screenshot(tmp_path / "4-granska-resultat-320px.png", width=320))
    overflow = browser.run(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
    )
    assert overflow <= 0


def test_an_owner_builds_a_report_and_downloads_the_docx(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    browser.go(f"{server}/bygg")
    keep(browser.screenshot(tmp_path / "5-bygg.png"))
    folder = EXAMPLES / "arbetskonsulent-i-samverkan"
    browser.type("#insats", str(folder / "insats.yaml"))
    browser.type("#statistik", str(folder / "statistik.xlsx"))
    browser.click("form.formular button[type=submit]")
    wait_until(lambda: "Rapporten är klar" in browser.text(), 60, "bygget")
    assert "är byggd: inga fel eller varningar." in browser.text()
    keep(browser.screenshot(tmp_path / "6-bygg-klar.png"))

    browser.click("a.nedladdning")
    downloaded = tmp_path / "nedladdat" / "Slutrapport Arbetskonsulent i samverkan.docx"
    wait_until(downloaded.exists, 30, "nedladdningen")
    with zipfile.ZipFile(downloaded) as document:
        assert "word/document.xml" in document.namelist()
        assert "Arbetskonsulent i samverkan" in document.read("word/document.xml").decode()

    browser.go(f"{server}/mallar")
    keep(browser.screenshot(tmp_path / "7-mallar.png"))


def test_staff_run_the_year_end_and_the_page_follows_the_job(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    archive = tmp_path / "insatser.zip"
    archive.write_bytes(examples_zip("ips-stod-delrapport", "samverkan-psykisk-ohalsa"))
    browser.go(f"{server}/arsskifte")
    keep(browser.screenshot(tmp_path / "8-arsskifte.png"))
    browser.type("#arkiv", str(archive))
    browser.click("form.formular button[type=submit]")
    # the page's script follows the job and reloads the page once it is done
    wait_until(lambda: "Status: klar." in browser.text(), 120, "årsskiftet")
    text = browser.text()
    assert "2 av 2 rapporter byggdes" in text
    assert "Ladda ner alla rapporter och sammanställningen (zip)" in text
    keep(browser.screenshot(tmp_path / "9-arsskifte-klart.png"))
    browser.click("form[action$='/ta-bort'] button")
    wait_until(
        lambda: "Jobbet och alla dess filer är borttagna." in browser.text(), 30, "borttagningen"
    )
