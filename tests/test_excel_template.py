"""The statistik.xlsx skeleton of `reportgen init`: headers, drop-downs, instructions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.cli import cli
from reportgen.sources.excel import columns as cols
from reportgen.sources.excel.source import read_workbook
from reportgen.workbook_template import build_workbook

CODED = {
    "kön",
    "remittent",
    "försörjning_före",
    "försörjning_efter",
    "aktivt_arbetssökande_före",
    "aktivt_arbetssökande_efter",
    "avslutskod",
    "steg_start",
    "steg_slut",
    "utbildning",
}


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "ny-insats"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"Skrev {folder / 'statistik.xlsx'}" in result.output
    return folder


def test_sheets_headers_and_frozen_header_row(skeleton: Path) -> None:
    workbook = load_workbook(skeleton / "statistik.xlsx")
    assert workbook.sheetnames == ["Deltagare", "Enkät", "Instruktioner", "Listor"]
    assert workbook["Listor"].sheet_state == "hidden"
    participants = workbook["Deltagare"]
    assert [c.value for c in participants[1]] == [spec.key for spec in cols.COLUMNS]
    assert participants.freeze_panes == "A2"
    assert [c.value for c in workbook["Enkät"][1]] == ["fråga", "antal svar", "andel positiva"]
    assert workbook["Enkät"].freeze_panes == "A2"


def test_coded_columns_have_drop_down_lists(skeleton: Path) -> None:
    workbook = load_workbook(skeleton / "statistik.xlsx")
    participants = workbook["Deltagare"]
    lists = workbook["Listor"]
    by_header = {}
    for validation in participants.data_validations.dataValidation:
        [cell_range] = validation.sqref.ranges
        header = participants.cell(row=1, column=cell_range.min_col).value
        by_header[header] = validation
        assert (cell_range.min_row, cell_range.max_row) == (2, 2001)
    for key in CODED:
        validation = by_header[key]
        assert validation.type == "list", key
        sheet_name, area = validation.formula1.lstrip("=").split("!")
        assert sheet_name == "Listor"
        first, last = area.replace("$", "").split(":")
        values = [str(c.value) for row in lists[first:last] for c in row]
        assert tuple(values) == cols.COLUMN_BY_KEY[key].shown_values
    assert by_header["försörjning_före"].errorStyle == "information"  # several sources allowed
    assert by_header["kön"].errorStyle == "stop"
    assert by_header["startdatum"].type == "date"
    assert by_header["födelseår"].type == "whole"
    assert "personnummer" in by_header["id"].prompt


def test_instructions_explain_every_column(skeleton: Path) -> None:
    sheet = load_workbook(skeleton / "statistik.xlsx")["Instruktioner"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for spec in cols.COLUMNS:
        assert f"\n{spec.key}\n" in f"\n{text}\n", spec.key
    assert "Skriv aldrig personnummer eller namn" in text
    assert "1 = Utskrivning - till arbete, studier eller arbetssökande" in text
    for column in cols.SURVEY_COLUMNS:
        assert column.key in text


def test_every_drop_down_value_is_accepted_by_the_reader(tmp_path: Path) -> None:
    workbook = build_workbook()
    sheet = workbook["Deltagare"]
    coded = [spec for spec in cols.COLUMNS if spec.shown_values]
    longest = max(len(spec.shown_values) for spec in coded)
    for index in range(longest):
        values = {"id": index + 1, "startdatum": date(2025, 2, 3), "slutdatum": date(2025, 5, 30)}
        for spec in coded:
            values[spec.key] = spec.shown_values[index % len(spec.shown_values)]
        for column, spec in enumerate(cols.COLUMNS, start=1):
            value = values.get(spec.key)
            sheet.cell(
                row=index + 2, column=column, value=int(value) if str(value).isdigit() else value
            )
    path = tmp_path / "statistik.xlsx"
    workbook.save(path)
    result = read_workbook(path, period=(date(2025, 1, 1), date(2025, 12, 31)))
    assert [f.as_line() for f in result.findings] == []
    assert result.statistics.period.exited.total == longest


def test_new_folder_checks_without_workbook_findings(skeleton: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(skeleton), "--format", "json"])
    [entry] = json.loads(result.stdout)["files"]
    assert not [f for f in entry["findings"] if "statistik.xlsx" in f["location"]]
    data = [(f["code"], f["severity"]) for f in entry["findings"] if f["code"][0] in "DF"]
    assert data == [("D007", "varning")]  # issue 13: the empty Deltagare sheet is named


def test_init_never_overwrites_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "statistik.xlsx").write_bytes(b"teamets egen fil")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "statistik.xlsx finns redan" in result.output
    assert (tmp_path / "statistik.xlsx").read_bytes() == b"teamets egen fil"
    assert not (tmp_path / "insats.yaml").exists()
