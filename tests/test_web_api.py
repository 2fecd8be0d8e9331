"""The JSON API, through the ASGI test client: the same findings as the CLI, reports, templates."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen.pdf import find_soffice
from tests.conftest import RunCli
from tests.web_support import (
    DOCX,
    build_files,
    example,
    flawed_report,
    leftovers,
    report_docx,
    running,
    service_of,
    web_client,  # noqa: F401  (the `client` fixture)
)


def test_healthz_answers_while_the_process_lives(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer.headers["x-request-id"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice saknas")
def test_readyz_is_ready_with_workers_and_libreoffice(client: TestClient) -> None:
    deadline = time.monotonic() + 90  # LibreOffice warms up in the background
    while (answer := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
        assert answer.json()["libreoffice"]["redo"] is False
        time.sleep(0.2)
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "redo"
    assert body["arbetsprocesser"] == {"antal": 2, "redo": True}
    assert body["libreoffice"]["redo"] is True


def test_readyz_is_not_ready_without_pdf() -> None:
    with running(jobs=1) as other:
        answer = other.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["libreoffice"] == {
        "redo": False,
        "uno": False,
        "meddelande": "PDF är avstängt i den här tjänsten.",
    }


def test_review_gives_exactly_the_findings_of_check_format_json(
    client: TestClient, tmp_path: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = flawed_report(tmp_path)
    answer = client.post("/api/granska", files=[("fil", ("bristfallig.docx", content))])
    assert answer.status_code == 200
    monkeypatch.chdir(tmp_path)
    cli = run("check", "--format", "json", "bristfallig.docx")
    assert answer.json() == json.loads(cli.output)
    codes = [f["code"] for f in answer.json()["files"][0]["findings"]]
    assert {"B001", "S001", "U001"} <= set(codes)
    assert leftovers(client) == []


def test_review_of_several_reports_lists_each_under_its_uploaded_name(
    client: TestClient, tmp_path: Path
) -> None:
    clean = report_docx(tmp_path)
    answer = client.post(
        "/api/granska",
        files=[
            ("fil", ("C:\\Users\\anna\\Stegvis.docx", clean)),
            ("fil", ("../../etc/bristfallig.docx", flawed_report(tmp_path))),
            ("fil", ("Stegvis.docx", clean)),
        ],
    )
    assert answer.status_code == 200
    files = answer.json()["files"]
    assert [f["path"] for f in files] == ["Stegvis.docx", "bristfallig.docx", "Stegvis (2).docx"]
    assert files[0]["findings"] == [] and files[2]["findings"] == []
    assert all(f["location"].startswith("bristfallig.docx") for f in files[1]["findings"])


def test_review_of_an_insats_with_its_workbook(client: TestClient) -> None:
    insats, workbook = example("ips-stod-delrapport")
    assert workbook is not None
    answer = client.post(
        "/api/granska",
        files=[("fil", ("insats.yaml", insats)), ("fil", ("statistik.xlsx", workbook))],
        data={"förbund": "sundsvall"},
    )
    assert answer.status_code == 200
    assert answer.json() == {"files": [{"path": "insats.yaml", "findings": []}]}


def test_review_of_an_insats_without_its_workbook_points_at_the_statistik_line(
    client: TestClient,
) -> None:
    insats, _ = example("ips-stod-delrapport")
    answer = client.post("/api/granska", files=[("fil", ("insats.yaml", insats))])
    findings = answer.json()["files"][0]["findings"]
    assert answer.status_code == 200
    assert [f["code"] for f in findings] == ["F001"]
    assert findings[0]["location"].startswith("insats.yaml:")
    assert "/tmp" not in json.dumps(answer.json())


def test_a_renamed_text_file_is_a_finding_like_in_the_cli(client: TestClient) -> None:
    answer = client.post("/api/granska", files=[("fil", ("rapport.docx", b"inte ett dokument"))])
    assert answer.status_code == 200
    finding = answer.json()["files"][0]["findings"][0]
    assert (finding["code"], finding["severity"], finding["location"]) == (
        "F002",
        "fel",
        "rapport.docx",
    )


def test_an_unknown_funder_is_refused(client: TestClient, tmp_path: Path) -> None:
    answer = client.post(
        "/api/granska",
        files=[("fil", ("rapport.docx", report_docx(tmp_path)))],
        data={"förbund": "okänt"},
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "kod": "okant_forbund",
        "meddelande": "Förbundet 'okänt' finns inte. Kända förbund: sundsvall, vasteras.",
    }


def test_build_returns_the_report_with_a_swedish_file_name(client: TestClient) -> None:
    answer = client.post("/api/bygg", files=build_files())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == DOCX
    assert answer.headers["content-disposition"] == (
        'attachment; filename="Slutrapport Arbetskonsulent i samverkan.docx"; '
        "filename*=UTF-8''Slutrapport%20Arbetskonsulent%20i%20samverkan.docx"
    )
    assert (answer.headers["x-reportgen-fel"], answer.headers["x-reportgen-utkast"]) == ("0", "nej")
    assert zipfile.ZipFile(io.BytesIO(answer.content)).testzip() is None
    assert leftovers(client) == []


def test_build_names_diacritics_in_utf8_and_leaves_them_out_of_the_fallback(
    client: TestClient,
) -> None:
    answer = client.post("/api/bygg", files=build_files("samverkan-psykisk-ohalsa"))
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert 'filename="Slutrapport Samverkan kring psykisk ohalsa gemensamma vagar' in disposition
    assert "psykisk%20oh%C3%A4lsa%20%E2%80%93%20gemensamma%20v%C3%A4gar" in disposition


SIGNED = (
    "underskrift: {organisation: Sundsvalls kommun, ort: Sundsvall, datum: 2026-01-23, "
    "namn: Tomas Wallin}"
)


def _unsigned() -> bytes:
    """The example slutrapport with its signature left empty: U001 errors, nothing else."""
    text = example()[0].decode("utf-8")
    assert SIGNED in text
    return text.replace(SIGNED, "underskrift: {organisation: Sundsvalls kommun}").encode()


def test_a_slutrapport_with_errors_is_422_with_its_findings(client: TestClient) -> None:
    answer = client.post("/api/bygg", files=build_files(yaml=_unsigned()))
    assert answer.status_code == 422
    body = answer.json()
    assert body["kod"] == "slutrapport_med_fel"
    errors = [f for f in body["files"][0]["findings"] if f["severity"] == "fel"]
    assert body["meddelande"] == (
        f"Slutrapporten byggdes inte: {len(errors)} fel måste rättas först (eller bygg ett "
        "utkast, som märks UTKAST)."
    )
    assert body["files"][0]["path"] == "insats.yaml"
    assert {f["code"] for f in errors} == {"U001"}


def test_a_draft_is_built_despite_errors_and_says_so(client: TestClient) -> None:
    answer = client.post("/api/bygg", files=build_files(yaml=_unsigned()), data={"utkast": "true"})
    assert answer.status_code == 200
    assert answer.headers["x-reportgen-utkast"] == "ja"
    assert int(answer.headers["x-reportgen-fel"]) > 0
    assert "(utkast).docx" in answer.headers["content-disposition"]


def test_build_refuses_an_unknown_kind_and_format(client: TestClient) -> None:
    kind = client.post("/api/bygg", files=build_files(), data={"typ": "årsrapport"})
    assert (kind.status_code, kind.json()) == (
        422,
        {
            "kod": "okand_typ",
            "meddelande": "Typen 'årsrapport' finns inte; välj delrapport eller slutrapport.",
        },
    )
    form = client.post("/api/bygg", files=build_files(), data={"format": "odt"})
    assert (form.status_code, form.json()["kod"]) == (422, "okant_format")


def test_an_unreadable_insats_is_422_with_its_findings(client: TestClient) -> None:
    answer = client.post("/api/bygg", files=[("insats", ("insats.yaml", b"insats: [\n"))])
    assert answer.status_code == 422
    body = answer.json()
    assert body["kod"] == "kan_inte_lasas"
    assert body["files"][0]["path"] == "insats.yaml"
    assert body["files"][0]["findings"][0]["location"].startswith("insats.yaml")


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice saknas")
def test_build_as_pdf(client: TestClient) -> None:
    answer = client.post(
        "/api/bygg", files=build_files("ips-stod-delrapport"), data={"format": "pdf"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert 'filename="Delrapport IPS-stod till arbete.pdf"' in answer.headers["content-disposition"]


def test_pdf_without_libreoffice_is_503_naming_the_alternative() -> None:
    with running(jobs=1) as other:
        answer = other.post("/api/bygg", files=build_files(), data={"format": "pdf"})
    assert answer.status_code == 503
    assert answer.json() == {
        "kod": "pdf_saknas",
        "meddelande": "PDF kan inte skapas här just nu. PDF är avstängt i den här tjänsten. "
        "Välj Word (.docx) i stället.",
    }


def test_profiles_and_their_starter_files(client: TestClient) -> None:
    profiles = client.get("/api/profiler").json()["profiler"]
    sundsvall = next(p for p in profiles if p["id"] == "sundsvall")
    assert sundsvall["namn"] == "Samordningsförbundet Sundsvall"
    assert sundsvall["rapporttyper"] == ["delrapport", "slutrapport"]
    answer = client.get(sundsvall["mall"])
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == ["insats.schema.json", "insats.yaml", "statistik.xlsx"]
    assert "förbund: sundsvall" in archive.read("insats.yaml").decode("utf-8")


def test_an_unknown_profile_has_no_template(client: TestClient) -> None:
    answer = client.get("/api/profiler/ingen/mall")
    assert (answer.status_code, answer.json()) == (
        404,
        {
            "kod": "okant_forbund",
            "meddelande": "Förbundet 'ingen' finns inte. Kända förbund: sundsvall, vasteras.",
        },
    )


def test_openapi_and_docs_are_swedish_and_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["paths"]["/api/granska"]["post"]["summary"] == (
        "Granska inskickade rapporter eller en insats"
    )
    assert "Successful Response" not in json.dumps(schema)
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "POST /api/bygg" in docs.text and "Lyckat svar" in docs.text
    assert "cdn" not in docs.text.lower()


def test_the_bearer_token_guards_the_api_only(tmp_path: Path) -> None:
    files = [("fil", ("rapport.docx", report_docx(tmp_path)))]
    with running(jobs=1, token="hemlig") as guarded:
        missing = guarded.post("/api/granska", files=files)
        wrong = guarded.get("/api/profiler", headers={"Authorization": "Bearer fel"})
        right = guarded.post(
            "/api/granska", files=files, headers={"Authorization": "Bearer hemlig"}
        )
        probe = guarded.get("/healthz")
    assert (missing.status_code, missing.json()["kod"]) == (401, "saknar_nyckel")
    assert missing.headers["www-authenticate"] == 'Bearer realm="reportgen"'
    assert (wrong.status_code, wrong.json()) == (
        403,
        {
            "kod": "fel_nyckel",
            "meddelande": "Nyckeln stämmer inte. Kontrollera den med den som driver tjänsten.",
        },
    )
    assert right.status_code == 200 and probe.status_code == 200


def test_unknown_addresses_and_methods_answer_in_swedish(client: TestClient) -> None:
    missing = client.get("/api/finns-inte")
    assert (missing.status_code, missing.json()["kod"]) == (404, "finns_inte")
    method = client.get("/api/granska")
    assert (method.status_code, method.json()["kod"]) == (405, "fel_metod")
    page = client.get("/finns-inte")
    assert page.status_code == 404 and 'lang="sv"' in page.text


def test_internal_errors_are_500_with_a_reference_and_no_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> list[dict[str, str]]:
        raise RuntimeError("hemligt innehåll ur en fil")

    monkeypatch.setattr(service_of(client), "profiles", broken)
    answer = client.get("/api/profiler")
    assert answer.status_code == 500
    reference = answer.headers["x-request-id"]
    assert answer.json()["kod"] == "internt_fel"
    assert reference in answer.json()["meddelande"]
    assert "Traceback" not in answer.text and "hemligt" not in answer.text
    assert "hemligt" not in caplog.text
    assert f"begäran {reference}: internt fel (RuntimeError)" in caplog.text


def test_the_chosen_funder_is_the_form_a_report_is_read_with(
    client: TestClient, tmp_path: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = report_docx(tmp_path)
    answer = client.post(
        "/api/granska", files=[("fil", ("rapport.docx", content))], data={"förbund": "vasteras"}
    )
    assert answer.status_code == 200
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rapport.docx").write_bytes(content)
    as_vasteras = run("check", "--format", "json", "--förbund", "vasteras", "rapport.docx")
    as_default = run("check", "--format", "json", "rapport.docx")
    assert answer.json() == json.loads(as_vasteras.output)
    assert answer.json() != json.loads(as_default.output)
