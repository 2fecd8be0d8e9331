"""Årsskifte through the API: a zip in, a job to follow, every report and the compilation out."""

from __future__ import annotations

import io
import json
import logging
import time
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web_support import (
    examples_zip,
    running,
    service_of,
    web_client,  # noqa: F401  (the `client` fixture)
    zip_of,
)


def wait_for(client: TestClient, location: str, seconds: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(location).json()
        if body["status"] in ("klar", "misslyckad"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"jobbet blev inte klart: {body}")


def test_a_year_end_job_from_zip_to_reports(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="reportgen.web")
    archive = examples_zip("ips-stod-delrapport", "samverkan-psykisk-ohalsa")
    answer = client.post("/api/batch", files=[("arkiv", ("insatser.zip", archive))])
    assert answer.status_code == 202
    location = answer.headers["location"]
    assert location == f"/api/jobb/{answer.json()['id']}"
    assert answer.json()["status"] in ("köad", "pågår")

    done = wait_for(client, location)
    assert (done["status"], done["klara"], done["totalt"]) == ("klar", 2, 2)
    summary = done["sammanfattning"]
    assert (summary["insatser"], summary["byggda"], summary["sammanstallning"]) == (2, 2, True)
    assert done["resultat"] == f"{location}/resultat"

    result = client.get(done["resultat"])
    assert result.status_code == 200
    assert result.headers["content-type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(result.content)).namelist())
    assert names == [
        "ips-stod-delrapport/delrapport-ips-stod-till-arbete.docx",
        "sammanstallning/granskning.json",
        "sammanstallning/uppfoljning.docx",
        "sammanstallning/uppfoljning.xlsx",
        "samverkan-psykisk-ohalsa/slutrapport-samverkan-kring-psykisk-ohalsa-gemensamma-vagar-"
        "till-arbete.docx",
    ]
    review = json.loads(
        zipfile.ZipFile(io.BytesIO(result.content)).read("sammanstallning/granskning.json")
    )
    assert [f["path"] for f in review["files"]] == [
        "ips-stod-delrapport/insats.yaml",
        "samverkan-psykisk-ohalsa/insats.yaml",
    ]
    assert "/tmp" not in json.dumps(review) and "insatser/" not in json.dumps(review)

    folder = service_of(client).jobs.get(done["id"]).folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "progress.json",
        "resultat.zip",
        "status.json",
    ]
    assert client.delete(location).status_code == 204
    assert not folder.exists()
    gone = client.get(location)
    assert gone.status_code == 404
    assert gone.json()["kod"] == "jobbet_finns_inte"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "reportgen.web")
    assert f"GET {location[:18]}… 200" in logged  # /api/jobb/ and 8 characters, as jobs.py
    assert done["id"] not in logged


def test_a_broken_intervention_is_listed_and_the_others_built(client: TestClient) -> None:
    archive = zip_of(
        {
            "trasig/insats.yaml": b"insats: [\n",
            **{
                f"hel/{name}": (path.read_bytes())
                for name, path in _example_files("samverkan-psykisk-ohalsa").items()
            },
        }
    )
    answer = client.post("/api/batch", files=[("arkiv", ("insatser.zip", archive))])
    done = wait_for(client, answer.headers["location"])
    assert done["status"] == "klar"
    rows = {row["fil"]: row for row in done["sammanfattning"]["rader"]}
    assert rows["hel/insats.yaml"]["status"] == "byggd"
    assert rows["trasig/insats.yaml"]["status"] == "inte byggd"
    assert rows["trasig/insats.yaml"]["orsak"]
    client.delete(answer.headers["location"])


def _example_files(name: str) -> dict[str, Any]:
    from tests.conftest import EXAMPLES

    return {p.name: p for p in (EXAMPLES / name).iterdir()}


def test_results_of_an_unfinished_job_are_409(client: TestClient) -> None:
    archive = examples_zip("samverkan-psykisk-ohalsa")
    answer = client.post("/api/batch", files=[("arkiv", ("insatser.zip", archive))])
    job = service_of(client).jobs.get(answer.json()["id"])
    early = client.get(f"{answer.headers['location']}/resultat")
    if job.state.value in ("köad", "pågår"):  # almost always: the batch takes a second
        assert early.status_code == 409
        assert early.json()["kod"] == "inte_klart"
    wait_for(client, answer.headers["location"])
    client.delete(answer.headers["location"])


def test_finished_jobs_are_deleted_after_their_time(client: TestClient) -> None:
    archive = examples_zip("samverkan-psykisk-ohalsa")
    answer = client.post("/api/batch", files=[("arkiv", ("insatser.zip", archive))])
    wait_for(client, answer.headers["location"])
    jobs = service_of(client).jobs
    folder = jobs.get(answer.json()["id"]).folder
    assert client.portal is not None
    soon = time.monotonic() + 60
    assert client.portal.call(jobs.reap, soon) == 0  # an hour has not passed
    later = time.monotonic() + service_of(client).settings.job_ttl + 1
    assert client.portal.call(jobs.reap, later) == 1
    assert not folder.exists()
    assert client.get(answer.headers["location"]).status_code == 404


def test_too_many_jobs_at_once_is_429() -> None:
    with running(jobs=1, max_jobs=0) as full:
        answer = full.post(
            "/api/batch",
            files=[("arkiv", ("insatser.zip", examples_zip("samverkan-psykisk-ohalsa")))],
        )
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "60"
    assert answer.json() == {
        "kod": "upptagen",
        "meddelande": "Tjänsten har fullt med årsskiftesjobb just nu. Försök igen om 60 sekunder.",
    }
