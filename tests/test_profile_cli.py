"""`reportgen profil`: lista, kontrollera, ny and schema, and where profiles come from."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from reportgen.profile import load_profile_dir
from reportgen.profiles.catalog import content_version
from reportgen.profiles.schema import schema_text, shipped_schema_path
from tests.conftest import ROOT, RunCli

SUNDSVALL = ROOT / "templates" / "sundsvall"


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema_path().read_text(encoding="utf-8") == schema_text(), (
        "kör: reportgen profil schema -o templates/profile.schema.json"
    )


def test_schema_prints_the_json_schema(run: RunCli) -> None:
    result = run("profil", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "profile.yaml"
    assert {"kontaktplatser", "processtrappa", "sektioner"} <= set(schema["properties"])


def test_lista_shows_id_name_kinds_and_content_version(run: RunCli) -> None:
    result = run("profil", "lista", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = {e["id"]: e for e in json.loads(result.output)}
    sundsvall = entries["sundsvall"]
    assert sundsvall["namn"] == "Samordningsförbundet Sundsvall"
    assert sundsvall["rapporttyper"] == {"delrapport": "Delrapport", "slutrapport": "Slutrapport"}
    assert sundsvall["version"] == content_version(SUNDSVALL)


def test_the_version_changes_with_any_file_of_the_folder(tmp_path: Path) -> None:
    copy = tmp_path / "sundsvall"
    shutil.copytree(SUNDSVALL, copy)
    before = content_version(copy)
    assert content_version(copy) == before
    with (copy / "profile.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# en kommentar\n")
    assert content_version(copy) != before


def test_an_operator_folder_adds_a_profile(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("profil", "ny", tmp_path / "timra", "--från", "sundsvall")
    assert result.exit_code == 0, result.output
    assert "id: timra" in (tmp_path / "timra" / "profile.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_PROFILER", str(tmp_path))
    listed = run("profil", "lista")
    assert "timra  Samordningsförbundet Sundsvall" in listed.output
    assert "(operatörens)" in listed.output


def test_ny_refuses_an_existing_folder_and_a_bad_id(run: RunCli, tmp_path: Path) -> None:
    (tmp_path / "finns").mkdir()
    assert run("profil", "ny", tmp_path / "finns", "--från", "sundsvall").exit_code != 0
    bad = run("profil", "ny", tmp_path / "Göteborg", "--från", "sundsvall")
    assert bad.exit_code != 0
    assert "får bara innehålla små bokstäver" in bad.output


def test_kontrollera_passes_the_installed_profiles(run: RunCli) -> None:
    for folder in sorted(p.parent for p in (ROOT / "templates").glob("*/profile.yaml")):
        result = run("profil", "kontrollera", folder)
        assert result.exit_code == 0, result.output
        assert result.output.endswith("inga problem.\n")


def _rewrite_document(template: Path, change: dict[str, str]) -> None:
    """Edit word/document.xml of a template in place, each change required to apply."""
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for old, new in change.items():
        assert old in xml, old
        xml = xml.replace(old, new, 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_kontrollera_names_each_problem_of_a_broken_copy(run: RunCli, tmp_path: Path) -> None:
    """A heading typed over, a tag split across runs and a misspelt placeholder."""
    broken = tmp_path / "sundsvall"
    shutil.copytree(SUNDSVALL, broken)
    _rewrite_document(
        broken / "rapport.docx",
        {
            '{{ rubrik["3.2"] }}': "Syftet med insatsen",
            "{{ ingress }}": "{{ ingr</w:t></w:r><w:r><w:t>ess }}",
            "{{ etikett.mal_uppnatt }}": "{{ etikett.mal_uppnat }}",
        },
    )
    result = run("profil", "kontrollera", broken)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{broken}: 3 problem"
    report = broken / "rapport.docx"
    assert any(
        line.startswith(f"  {report}: word/document.xml stycke ")
        and "taggen '{{ ingress }}' är delad över flera textstycken (runs)" in line
        for line in lines
    ), lines
    assert any(
        "platshållaren 'etikett.mal_uppnat' är inget fält som reportgen fyller i (finns inte "
        "under 'etikett'" in line
        for line in lines
    ), lines
    assert (
        f"  {report}: avsnitt 3.2: rubriken '3.2 Syfte med insatsen. Beskriv kortfattat vilken "
        "förändring som ville uppnås med insatsen?' finns inte ordagrant i mallen." in lines
    )


def test_kontrollera_reports_a_missing_label_with_its_line(run: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "sundsvall"
    shutil.copytree(SUNDSVALL, broken)
    profile = broken / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "  mal_uppnatt: Har målet uppnåtts? Ja eller nej\n" in text
    profile.write_text(text.replace("  mal_uppnatt: Har målet uppnåtts? Ja eller nej\n", ""))
    result = run("profil", "kontrollera", broken)
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("etiketter:"))
    assert (
        f"{profile}:{line}: förbundsprofilen: etiketter saknar mal_uppnatt, som avsnitt 4.1 "
        "(mål) behöver." in result.output
    )


def test_a_profile_missing_a_required_key_fails_at_load_with_its_line(tmp_path: Path) -> None:
    from reportgen.errors import ProfileError

    broken = tmp_path / "p"
    shutil.copytree(SUNDSVALL, broken)
    profile = broken / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("    rubrik: Bakgrund till insatsen\n", ""), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile_dir(broken)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '- id: "3.1"' in t)
    assert caught.value.message.startswith(
        f"{profile}:{line}: förbundsprofilen är ogiltig vid 'sektioner[4].rubrik': Field required"
    )


def test_kontrollera_finds_a_renamed_heading_in_vasteras_template(
    run: RunCli, tmp_path: Path
) -> None:
    """Västerås' template types its headings; one retyped in Word no longer matches."""
    broken = tmp_path / "vasteras"
    shutil.copytree(ROOT / "templates" / "vasteras", broken)
    _rewrite_document(broken / "rapport.docx", {">Försörjningsförändringar<": ">Försörjning<"})
    result = run("profil", "kontrollera", broken)
    assert result.exit_code == 1
    assert (
        f"  {broken / 'rapport.docx'}: avsnitt forsorjning: rubriken 'Försörjningsförändringar' "
        "finns inte ordagrant i mallen." in result.output.splitlines()
    )
    # the example still renders, so its expected findings are still checked
    assert "forvantat.txt" not in result.output


def test_kontrollera_compares_an_example_with_its_expected_findings(
    run: RunCli, tmp_path: Path
) -> None:
    copy = tmp_path / "vasteras"
    shutil.copytree(ROOT / "templates" / "vasteras", copy)
    example = copy / "exempel" / "samordningsteam-vasteras"
    text = (example / "insats.yaml").read_text(encoding="utf-8")
    (example / "insats.yaml").write_text(
        text.replace("  resultatanalys: |", "  resultatanalys_borttagen: |"), encoding="utf-8"
    )
    result = run("profil", "kontrollera", copy)
    assert result.exit_code == 1
    assert "oväntat fynd: S001 fel avsnitt.resultatanalys" in result.output, result.output
