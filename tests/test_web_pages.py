"""The Swedish pages without JavaScript: forms, error summary, findings by section, contrast."""

from __future__ import annotations

import base64
import io
import re
import time
import zipfile
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_support import (
    build_files,
    examples_zip,
    flawed_report,
    web_client,  # noqa: F401  (the `client` fixture)
)

PAGES = ("/", "/granska", "/bygg", "/arsskifte", "/mallar", "/docs")


class Page(HTMLParser):
    """What a screen reader and a keyboard user meet: headings, labels, controls, links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[str] = []
        self.labels: set[str] = set()
        self._heading: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "label" and "for" in values:
            self.labels.add(values["for"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            self.headings.append(f"{tag}: {' '.join(''.join(self._heading[1:]).split())}")
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())
        ]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_swedish_labelled_and_navigable(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    page = Page(answer.text)
    assert page.find("html", lang="sv")
    assert sum(1 for h in page.headings if h.startswith("h1:")) == 1
    assert page.find("a", href="#innehall")  # skip link
    controls = [
        a
        for tag, a in page.tags
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden"
    ]
    assert all(a["id"] in page.labels for a in controls), controls
    if path != "/":
        current = page.find("a", **{"aria-current": "page"})
        assert [a["href"] for a in current] == [path] or path == "/docs"


def test_an_empty_form_shows_an_error_summary_that_takes_the_focus(client: TestClient) -> None:
    answer = client.post("/granska", files=[("fil", ("", b""))])
    assert answer.status_code == 400
    page = Page(answer.text)
    summary = page.find("div", **{"class": "felsammanfattning"})[0]
    assert {"autofocus", "tabindex", "data-fokus"} <= set(summary)
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert page.headings[:2] == ["h2: Det finns ett problem", "h1: Granska inskickade rapporter"]
    assert page.find("a", href="#fil")
    assert "<title>Fel: Granska inskickade rapporter – reportgen</title>" in answer.text
    assert page.find("input", id="fil")[0]["aria-describedby"] == "fil-hjalp fil-fel"
    assert "Ingen fil skickades. Välj en eller flera inskickade rapporter" in answer.text


def test_findings_are_grouped_by_the_templates_sections_in_words(
    client: TestClient, tmp_path: Path
) -> None:
    answer = client.post("/granska", files=[("fil", ("bristfallig.docx", flawed_report(tmp_path)))])
    assert answer.status_code == 200
    page = Page(answer.text)
    assert page.headings == [
        "h1: Granska inskickade rapporter",
        "h2: Resultat",
        "h3: bristfallig.docx – Stegvis till arbete",
        "h4: 4.2 Arbetssätt och verksamhetsbeskrivning för insatsen",
        "h4: 6. Ekonomisk rapport",
        "h4: 7. Underskrift av insatsägare",
        "h2: Om tjänsten",
    ]
    status = page.find("div", role="status")[0]
    assert "autofocus" in status
    assert "1 fil granskad: 3 fel och 0 varningar." in answer.text
    assert "<strong>Komplettera</strong>: 3 fel och 0 varningar." in answer.text
    assert answer.text.count('<span class="allvarlighet">Fel</span>') == 3
    assert b'"code": "B001"' in _downloaded(page, "granskning.json")
    workbook = zipfile.ZipFile(io.BytesIO(_downloaded(page, "granskning.xlsx")))
    assert "xl/workbook.xml" in workbook.namelist()
    marked = zipfile.ZipFile(io.BytesIO(_downloaded(page, "bristfallig.kommenterad.docx")))
    assert b"B001" in marked.read("word/comments.xml")
    letter = _downloaded(page, "bristfallig.komplettering.txt").decode("utf-8")
    assert letter.startswith("Ämne: Komplettering av slutrapport")


def _downloaded(page: Page, filename: str) -> bytes:
    """The file behind a download link of the page (a data: URL: the server keeps nothing)."""
    href = page.find("a", download=filename)[0]["href"]
    assert href.startswith("data:")
    return base64.b64decode(href.split(",", 1)[1])


def test_the_build_page_hands_over_the_report_inside_the_answer(client: TestClient) -> None:
    files = build_files("ips-stod-delrapport")
    answer = client.post("/bygg", files=files, data={"typ": "", "format": "docx"})
    assert answer.status_code == 200
    page = Page(answer.text)
    link = page.find("a", download="Delrapport IPS-stöd till arbete.docx")[0]
    content = base64.b64decode(link["href"].split(",", 1)[1])
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert "Delrapport IPS-stöd till arbete.docx är byggd: inga fel eller varningar." in answer.text


def test_the_build_page_lists_what_blocks_a_slutrapport(client: TestClient) -> None:
    files = build_files(yaml=b"schema: reportgen/insats/v1\nrapport: {typ: slutrapport}\n")
    answer = client.post("/bygg", files=files)
    assert answer.status_code == 422
    page = Page(answer.text)
    assert page.find("div", **{"class": "felsammanfattning"})
    assert "h2: Det här behöver rättas" in page.headings
    assert "<strong>Komplettera</strong>" in answer.text
    assert not [a for tag, a in page.tags if tag == "a" and "download" in a]


def test_the_year_end_page_follows_its_job_without_javascript(client: TestClient) -> None:
    archive = examples_zip("samverkan-psykisk-ohalsa")
    posted = client.post(
        "/arsskifte", files=[("arkiv", ("insatser.zip", archive))], follow_redirects=False
    )
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location.startswith("/arsskifte/")
    deadline = time.monotonic() + 120
    while "Status: klar." not in (page := client.get(location)).text:
        assert time.monotonic() < deadline, page.text
        assert "Uppdatera status" in page.text
        time.sleep(0.2)
    parsed = Page(page.text)
    assert parsed.find("div", role="status", id="jobbstatus")
    result = parsed.find("a", href=f"{location}/resultat")
    assert result and client.get(f"{location}/resultat").status_code == 200
    assert '<caption id="tabell-rubrik">Insatserna</caption>' in page.text
    removed = client.post(f"{location}/ta-bort", follow_redirects=False)
    assert (removed.status_code, removed.headers["location"]) == (303, "/arsskifte?borttaget=1")
    assert "Jobbet och alla dess filer är borttagna." in client.get("/arsskifte?borttaget=1").text
    assert client.get(location).status_code == 404


def test_templates_page_links_each_profiles_starter_files(client: TestClient) -> None:
    page = Page(client.get("/mallar").text)
    link = page.find("a", href="/mallar/sundsvall.zip")
    assert link
    archive = zipfile.ZipFile(io.BytesIO(client.get("/mallar/sundsvall.zip").content))
    assert "statistik.xlsx" in archive.namelist()


def test_the_pages_say_files_are_deleted_and_personnummer_refused(client: TestClient) -> None:
    text = client.get("/granska").text
    assert "Filerna du skickar raderas så snart svaret har skickats." in text
    assert "Statistik med personnummer tas inte emot" in text


# ----------------------------------------------------------------- contrast (WCAG 2.1 AA)


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_knows_black_on_white() -> None:
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert contrast("#767676", "#fff") > 4.5 > contrast("#777", "#fff") - 0.05


def test_every_text_colour_in_the_stylesheet_reaches_4_5_to_1() -> None:
    css = resources.files("reportgen.web").joinpath("static/stil.css").read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    body_text = "#1b1b1b"
    pairs: list[tuple[str, str, str]] = []
    for selector, block in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        selector = " ".join(selector.split())
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", block)
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", block)
        header = selector.startswith(".sidhuvud")
        behind = background.group(1) if background else ("#0b3a63" if header else "#ffffff")
        if colour:
            pairs.append((selector, colour.group(1), behind))
        elif background:
            pairs.append((selector, body_text, behind))
    assert len(pairs) > 15
    low = [(s, fg, bg, round(contrast(fg, bg), 2)) for s, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []
