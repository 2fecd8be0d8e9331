"""The warm PDF pool: retries after a killed or hung LibreOffice, restarts, leaves nothing
behind, falls back to one-shot conversion without UNO, and never fetches anything."""

from __future__ import annotations

import http.server
import io
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.pdf import PdfPool, convert_once, convert_to_pdf
from reportgen.pdf import pool as pool_module
from tests.batch_data import write_association
from tests.pdf_support import (
    current_sockets,
    leftover_sockets,
    needs_libreoffice,
    needs_uno,
    office_processes,
    private_tmp,
)

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (test-beroende) saknas")
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "samverkan-psykisk-ohalsa"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pool") / "rapport.docx"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def assert_pdf(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
        assert "/StructTreeRoot" in pdf.Root


def kill_office(pid: int, sig: int) -> None:
    """`sig` to soffice.bin (the child of the oosplash whose process group is `pid`)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                os.kill(int(entry.name), sig)


def sabotage_first_request(monkeypatch: pytest.MonkeyPatch, sig: int, victims: list[int]) -> None:
    """Send `sig` to LibreOffice right after the first request reaches the bridge."""
    original = pool_module.Worker._write

    def write(self: pool_module.Worker, message: dict[str, object]) -> None:
        original(self, message)
        if not victims:
            assert self.pid is not None
            victims.append(self.pid)
            kill_office(self.pid, sig)

    monkeypatch.setattr(pool_module.Worker, "_write", write)


@needs_uno
def test_a_killed_libreoffice_is_replaced_and_the_document_retried(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victims: list[int] = []
    sabotage_first_request(monkeypatch, signal.SIGKILL, victims)
    with PdfPool(1) as pool:
        target = pool.convert(report, target=tmp_path / "ut.pdf")
        assert victims and pool._workers
        assert all(worker.pid not in victims for worker in pool._workers)
    assert_pdf(target)
    assert office_processes(f"reportgen-{os.getpid()}-") == []


@needs_uno
def test_a_hung_libreoffice_times_out_is_killed_and_the_retry_succeeds(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victims: list[int] = []
    sabotage_first_request(monkeypatch, signal.SIGSTOP, victims)
    started = time.monotonic()
    with PdfPool(1, timeout=4) as pool:
        target = pool.convert(report, target=tmp_path / "ut.pdf")
    assert time.monotonic() - started < 60
    assert_pdf(target)
    assert not Path(f"/proc/{victims[0]}").exists()


@needs_uno
def test_workers_are_restarted_after_n_conversions(report: Path, tmp_path: Path) -> None:
    with PdfPool(1, restart_after=2) as pool:
        seen = []
        for index in range(3):
            pool.convert(report, target=tmp_path / f"{index}.pdf")
            seen.append({w.pid for w in pool._workers} or {None})
    # two conversions on the first LibreOffice, then it was replaced
    assert seen[0] == {None} or seen[0] != seen[2]
    for index in range(3):
        assert_pdf(tmp_path / f"{index}.pdf")


@needs_uno
def test_closing_leaves_no_process_folder_or_socket(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = private_tmp(tmp_path, monkeypatch)
    before = current_sockets()
    pool = PdfPool(2).start()
    pool.convert(report, target=tmp_path / "ut.pdf")
    assert office_processes(str(tmp))
    pool.close()
    assert office_processes(str(tmp)) == []
    assert list(tmp.iterdir()) == []
    assert leftover_sockets(before) == set()


@needs_libreoffice
def test_without_uno_one_shot_conversion_is_used_and_said_once(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pool_module.UNO_PYTHON_ENV, "none")
    pool_module.uno_python.cache_clear()
    monkeypatch.setattr(pool_module, "_notice_given", False)
    said: list[str] = []
    try:
        with PdfPool(2, notice=said.append) as pool:
            assert not pool.warm
            results = pool.convert_many([report, report])
    finally:
        pool_module.uno_python.cache_clear()
    assert [r.error for r in results] == [None, None]
    assert said == [pool_module.FALLBACK_NOTICE]
    assert "python3-uno saknas" in said[0]
    assert_pdf(report.with_suffix(".pdf"))


# ----------------------------------------------------------------- nothing fetched


def tiny_png(size: int = 24) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def docx_linking(target: Path, url: str) -> Path:
    """A .docx whose only image is linked (r:link, TargetMode=External), not embedded."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.add_paragraph("Länkad bild nedan")
    document.add_picture(io.BytesIO(tiny_png()), width=Cm(3))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(
                    rb'Target="media/image1\.png"',
                    f'Target="{url}" TargetMode="External"'.encode(),
                    data,
                )
            elif item.filename == "word/document.xml":
                data = data.replace(b"r:embed=", b"r:link=")
            elif item.filename.startswith("word/media/"):
                continue
            out.writestr(item, data)
    return target


@pytest.fixture
def web_server():
    """A loopback HTTP server that records every request made to it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(tiny_png())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def image_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return sum(len(page.get_images()) for page in pdf.pages)


@pytest.mark.parametrize("way", ["pool", "one-shot", "convert-to"])
@needs_libreoffice
def test_conversion_fetches_no_external_or_outside_image(
    tmp_path: Path, web_server: tuple[str, list[str]], way: str
) -> None:
    if way == "pool" and pool_module.uno_python() is None:
        pytest.skip("python3-uno saknas")
    base, requests = web_server
    outside = tmp_path / "utanfor" / "hemlig.png"
    outside.parent.mkdir()
    outside.write_bytes(tiny_png(40))
    remote = docx_linking(tmp_path / "fjarr.docx", f"{base}/bild.png")
    local = docx_linking(tmp_path / "lokal.docx", outside.as_uri())
    if way == "pool":
        with PdfPool(1) as pool:
            made = [pool.convert(remote), pool.convert(local)]
    else:  # one-shot: through the bridge when UNO exists; convert-to: the fallback
        convert = convert_to_pdf if way == "one-shot" else convert_once
        made = [convert(remote), convert(local)]
    time.sleep(0.5)  # a late fetch would still be counted
    assert requests == []
    assert [image_count(p) for p in made] == [0, 0]


@needs_libreoffice
def test_an_output_name_starting_with_a_dash_is_not_an_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", "./-h.docx", "--pdf"])
    assert result.exit_code == 0, result.output
    assert_pdf(tmp_path / "-h.pdf")


# ----------------------------------------------------------------- interrupted batch


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc behövs")
@needs_libreoffice
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_interrupted_batch_pdf_leaves_no_libreoffice_or_profile(tmp_path: Path, sig: int) -> None:
    inputs = tmp_path / "inputs"
    write_association(inputs, 6, participants=0, nested=False)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    before = current_sockets()
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "batch", str(inputs), "-o", str(out), "--pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp)},
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not office_processes(str(tmp)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    time.sleep(0.5)  # mid-conversion
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)  # what a terminal does on Ctrl-C
    else:
        process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "Avbrutet under PDF-konverteringen" in stderr
    deadline = time.monotonic() + 10
    while office_processes(str(tmp)):
        assert time.monotonic() < deadline, "LibreOffice kept running"
        time.sleep(0.05)
    assert list(tmp.iterdir()) == []
    assert leftover_sockets(before) == set()
    assert list(out.rglob("*.tmp")) == []
