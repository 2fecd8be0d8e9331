"""Hostile and careless uploads: every one a Swedish 4xx, nothing left behind, nothing logged."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen.web.settings import MB, ZipLimits
from tests.web_support import (
    MAX_BODY,
    build_files,
    flawed_report,
    leftovers,
    report_docx,
    running,
    service_of,
    web_client,  # noqa: F401  (the `client` fixture)
    zip_bomb,
    zip_of,
)

TOO_LARGE = {
    "kod": "for_stor",
    "meddelande": "Det som skickades är för stort: högst 2 MB per gång tas emot. Skicka färre "
    "filer åt gången, eller ta bort stora bilder ur dokumenten.",
}


def test_a_body_over_the_limit_is_413_in_swedish(client: TestClient) -> None:
    big = b"x" * (MAX_BODY + 1)
    answer = client.post("/api/granska", files=[("fil", ("stor.docx", big))])
    assert (answer.status_code, answer.json()) == (413, TOO_LARGE)
    assert answer.headers["connection"] == "close"
    assert leftovers(client) == []


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b"y" * MB

    answer = client.post(
        "/api/granska",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert (answer.status_code, answer.json()) == (413, TOO_LARGE)


def test_a_page_over_the_limit_is_an_html_page_with_the_message(client: TestClient) -> None:
    answer = client.post("/granska", files=[("fil", ("stor.docx", b"x" * (MAX_BODY + 1)))])
    assert answer.status_code == 413
    assert 'lang="sv"' in answer.text
    assert "högst 2 MB per gång tas emot" in answer.text


def test_an_empty_file_is_400(client: TestClient) -> None:
    answer = client.post("/api/granska", files=[("fil", ("rapport.docx", b""))])
    assert (answer.status_code, answer.json()) == (
        400,
        {
            "kod": "tom_fil",
            "meddelande": "rapport.docx är tom (0 byte). Välj filen igen; kontrollera att den "
            "sparats.",
        },
    )
    assert leftovers(client) == []


NO_FILE = {
    "kod": "ogiltigt_falt",
    "meddelande": "Ingen fil i fältet fil (filerna som ska granskas). Välj en fil och skicka igen.",
}


def test_no_file_at_all(client: TestClient) -> None:
    missing = client.post("/api/granska", data={"förbund": "sundsvall"})
    assert (missing.status_code, missing.json()) == (422, NO_FILE)
    # what a browser sends for a file input left empty
    empty_input = client.post("/api/granska", files=[("fil", ("", b""))])
    assert (empty_input.status_code, empty_input.json()) == (422, NO_FILE)
    page = client.post("/granska", files=[("fil", ("", b""))])
    assert page.status_code == 400
    assert "Ingen fil skickades." in page.text


def test_a_file_of_the_wrong_type_is_415(client: TestClient) -> None:
    answer = client.post("/api/granska", files=[("fil", ("bild.png", b"\x89PNG...."))])
    assert (answer.status_code, answer.json()) == (
        415,
        {
            "kod": "fel_filtyp",
            "meddelande": "bild.png: filtypen '.png' tas inte emot här. Skicka inskickade "
            "rapporter (.docx), insats.yaml eller statistik.xlsx.",
        },
    )
    build = client.post("/api/bygg", files=[("insats", ("insats.docx", b"PK"))])
    assert (build.status_code, build.json()["meddelande"]) == (
        415,
        "insats.docx: filtypen '.docx' tas inte emot här. Skicka insats.yaml (.yaml eller .yml).",
    )
    batch = client.post("/api/batch", files=[("arkiv", ("insatser.rar", b"Rar!"))])
    assert (batch.status_code, batch.json()["kod"]) == (415, "fel_filtyp")


def test_a_workbook_alone_is_refused(client: TestClient) -> None:
    answer = client.post("/api/granska", files=[("fil", ("statistik.xlsx", b"PK\x03\x04"))])
    assert (answer.status_code, answer.json()["kod"]) == (422, "arbetsbok_utan_insats")


def test_too_many_files_in_one_review(tmp_path: Path) -> None:
    content = report_docx(tmp_path)
    with running(jobs=1, max_files=3) as small:
        answer = small.post(
            "/api/granska", files=[("fil", (f"r{i}.docx", content)) for i in range(4)]
        )
    assert (answer.status_code, answer.json()["meddelande"]) == (
        413,
        "4 filer skickades; högst 3 tas emot per gång. Dela upp dem på flera granskningar.",
    )


def _batch(client: TestClient, content: bytes) -> tuple[int, dict[str, str]]:
    answer = client.post("/api/batch", files=[("arkiv", ("insatser.zip", content))])
    return answer.status_code, answer.json()


def test_a_zip_bomb_is_refused_before_unpacking(client: TestClient) -> None:
    status, body = _batch(client, zip_bomb())
    assert (status, body["kod"]) == (413, "zipbomb")
    assert body["meddelande"].startswith("insats/insats.yaml är packad ")
    assert body["meddelande"].endswith(
        "gånger (högst 100 tas emot) – arkivet ser ut som en zip-bomb och packas inte upp."
    )
    assert leftovers(client) == []


@pytest.mark.parametrize(
    "name",
    ["../utanfor/insats.yaml", "/etc/insats.yaml", "a/../../insats.yaml", "C:\\insats.yaml"],
)
def test_paths_out_of_the_archive_are_refused(client: TestClient, name: str) -> None:
    status, body = _batch(client, zip_of({name: b"schema: reportgen/insats/v1\n"}))
    shown = name.replace("\\", "/")
    assert (status, body) == (
        422,
        {
            "kod": "otillaten_sokvag",
            "meddelande": f"Arkivet innehåller sökvägen '{shown}', som pekar utanför arkivet. "
            "Packa om mapparna utan absoluta sökvägar eller '..'.",
        },
    )


def test_symbolic_links_in_the_archive_are_refused(client: TestClient) -> None:
    archive = zip_of({"a/insats.yaml": b"/etc/passwd"}, links=("a/insats.yaml",))
    assert _batch(client, archive) == (
        422,
        {
            "kod": "lank",
            "meddelande": "Arkivet innehåller en symbolisk länk (a/insats.yaml); packa om utan "
            "länkar.",
        },
    )


def test_unexpected_file_types_in_the_archive_are_refused_and_leftovers_skipped(
    client: TestClient,
) -> None:
    status, body = _batch(
        client, zip_of({"a/insats.yaml": b"x", "a/program.exe": b"MZ", "__MACOSX/._a": b""})
    )
    assert (status, body["meddelande"]) == (
        415,
        "Arkivet innehåller a/program.exe, som inte hör till en insatsmapp (filtypen '.exe'). "
        "Ta bort den: bara insats.yaml och statistik.xlsx behövs.",
    )


def test_an_archive_without_interventions_and_one_that_is_no_zip(client: TestClient) -> None:
    assert _batch(client, zip_of({"a/gammal.docx": b"PK"})) == (
        422,
        {
            "kod": "ingen_insats",
            "meddelande": "Arkivet innehåller ingen insats.yaml. Varje insats ska ligga i en "
            "egen mapp med sin insats.yaml (och statistik.xlsx).",
        },
    )
    status, body = _batch(client, b"inte en zip")
    assert (status, body["kod"]) == (415, "inte_zip")


def test_too_many_entries_and_too_much_unpacked() -> None:
    limits = ZipLimits(max_entries=3, max_expanded=1000, max_entry=600)
    many = zip_of({f"a{i}/insats.yaml": b"x" for i in range(4)})
    large = zip_of({"a/insats.yaml": b"a" * 500, "b/insats.yaml": b"b" * 501})
    with running(jobs=1, zip_limits=limits) as small:
        assert _batch(small, many) == (
            413,
            {
                "kod": "for_manga_filer",
                "meddelande": "Arkivet innehåller 4 filer; högst 3 tas emot.",
            },
        )
        assert _batch(small, large) == (
            413,
            {
                "kod": "for_stort_uppackat",
                "meddelande": "Arkivet blir mer än 1 kB uppackat. Skicka färre insatser per gång.",
            },
        )


def test_a_full_service_answers_429_with_retry_after(client: TestClient, tmp_path: Path) -> None:
    slots = service_of(client).slots
    held, waiting = slots.held, slots.max_waiting
    slots.held, slots.max_waiting = slots.size, 0  # every slot taken, nobody may wait
    try:
        answer = client.post("/api/bygg", files=build_files())
    finally:
        slots.held, slots.max_waiting = held, waiting
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "2"
    assert answer.json() == {
        "kod": "upptagen",
        "meddelande": "Tjänsten har fullt med granskningar och byggen just nu. Försök igen om 2 "
        "sekunder.",
    }
    assert leftovers(client) == []


def test_work_over_the_time_limit_is_stopped(tmp_path: Path) -> None:
    content = flawed_report(tmp_path)
    with running(jobs=1, time_limit=0.001) as hurried:
        answer = hurried.post("/api/granska", files=[("fil", ("rapport.docx", content))])
        assert leftovers(hurried) == []
    assert (answer.status_code, answer.json()) == (
        422,
        {
            "kod": "tog_for_lang_tid",
            "meddelande": "Arbetet tog mer än 0,001 sekunder och avbröts. Kontrollera att "
            "filerna inte är ovanligt stora (många bilder, tusentals rader) och försök igen.",
        },
    )


def test_the_log_names_requests_never_files_or_their_content(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="reportgen.web")
    secret = "Hemliga Insatsen Åtta"
    content = report_docx(tmp_path, "Anna Andersson.docx")
    client.post("/api/granska", files=[("fil", ("Anna Andersson.docx", content))])
    client.post(
        "/api/bygg",
        files=build_files(
            yaml=build_files()[0][1][1].replace(b"Arbetskonsulent i samverkan", secret.encode())
        ),
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "reportgen.web"]
    assert any("POST /api/granska 200" in line for line in lines)
    assert any("POST /api/bygg 200" in line for line in lines)
    text = "\n".join(lines)
    assert "Anna" not in text and secret not in text and "Stegvis" not in text


def test_folders_of_a_killed_service_are_swept_at_start(tmp_path: Path) -> None:
    import subprocess
    import tempfile

    from reportgen.web.service import ROOT_PREFIX, sweep_stale_folders

    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid now belongs to nobody
    base = Path(tempfile.gettempdir())
    stale = base / f"{ROOT_PREFIX}{dead.pid}-test"
    alive = base / f"{ROOT_PREFIX}{os.getpid()}-test"
    for folder in (stale, alive):
        (folder / "begaran-x").mkdir(parents=True)
        (folder / "begaran-x" / "rapport.docx").write_bytes(b"PK")
    try:
        removed = sweep_stale_folders()
        assert stale in removed and not stale.exists()
        assert alive.exists()
    finally:
        shutil.rmtree(alive, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)
