"""The 4.4 tables: funder wording, one way of showing each number, bases stated, page width."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from docxtpl import RichText

from reportgen.pipeline import build_report
from reportgen.render.stats_blocks import tables_for
from reportgen.render.stats_model import MAX_VALUE_COLUMNS
from reportgen.render.stats_tables import build_tables
from reportgen.render.stats_text import statistics_json, tables_text
from reportgen.sources import load_source
from reportgen.stats import compute_statistics
from tests.test_stats import PERIOD, SCENARIO, START, ep

ROOT = Path(__file__).resolve().parent.parent
ALL_COLUMNS = frozenset(
    {
        "födelseår",
        "remittent",
        "försörjning_före",
        "försörjning_efter",
        "aktivt_arbetssökande_före",
        "aktivt_arbetssökande_efter",
        "steg_start",
        "steg_slut",
        "utbildning",
    }
)
NBSP = "\u00a0"


def tables(rows=SCENARIO, columns=ALL_COLUMNS, **kw):
    statistics = compute_statistics(rows, *PERIOD, START, columns=columns, **kw)
    return {table.title.split(" 20")[0]: table for table in build_tables(statistics)}


def cells(table) -> dict[str, tuple[str, ...]]:
    return {row.label: row.values for row in table.rows}


def test_participants_table_in_the_funders_wording() -> None:
    table = tables()["Deltagare under rapportperioden"]
    assert table.columns == ("", "Kvinnor", "Män", "Annat/uppgift saknas", "Totalt")
    assert cells(table) == {
        "Deltagare (personer)": ("2", "2", "1", "5"),
        "Inskrivningar som pågått under perioden": ("2", "3", "1", "6"),
        "Nyinskrivna": ("2", "2", "1", "5"),
        "Avslutade": ("2", "2", "0", "4"),
        "Pågående vid periodens slut": ("0", "1", "1", "2"),
    }
    assert table.rows[0].bold
    assert "en person som skrivits in på nytt räknas en gång per inskrivning" in table.note


def test_other_gender_column_only_when_someone_is_in_it() -> None:
    rows = [ep(2, "a", "K", "2025-02-01"), ep(3, "b", "M", "2025-03-01")]
    table = tables(rows)["Deltagare under rapportperioden"]
    assert table.columns == ("", "Kvinnor", "Män", "Totalt")
    # persons equal episodes here, so the episodes row is left out
    assert [row.label for row in table.rows][:2] == ["Deltagare (personer)", "Nyinskrivna"]


def test_cumulative_table_only_when_the_intervention_started_earlier() -> None:
    assert "Deltagare sedan insatsens start" in tables()
    statistics = compute_statistics(SCENARIO, *PERIOD, PERIOD[0], columns=ALL_COLUMNS)
    assert not any(t.title.startswith("Deltagare sedan") for t in build_tables(statistics))


def test_exit_reasons_share_of_exits_with_its_base() -> None:
    rows = [
        ep(n, f"p{n}", "K" if n % 2 else "M", "2025-01-10", "2025-06-30", exit_code=code)
        for n, code in enumerate([1, 1, 1, 2, 2, 3, 7, 7], start=2)
    ]
    table = tables(rows)["Avslutningsanledningar"]
    assert table.columns == (
        "Avslutsanledning (SUS-kod)",
        "Kvinnor",
        "Män",
        "Totalt",
        "Andel av avslut",
    )
    values = cells(table)
    assert values["1 Utskrivning - till arbete, studier eller arbetssökande"] == (
        "1",
        "2",
        "3",
        f"37,5{NBSP}%",
    )
    assert values["4 Utskrivning på grund av föräldraledighet"] == ("0", "0", "0", f"0,0{NBSP}%")
    assert values["Totalt"] == ("4", "4", "8", f"100,0{NBSP}%")
    assert "(n = 8)" in table.lead


def test_shares_are_rounded_half_up_to_one_decimal() -> None:
    # 1 of 16 = 6,25 % -> 6,3 % (banker's rounding would give 6,2 %)
    rows = [
        ep(n, f"p{n}", "K", "2025-01-10", "2025-06-30", exit_code=1 if n == 2 else 2)
        for n in range(2, 18)
    ]
    values = cells(tables(rows)["Avslutningsanledningar"])
    assert values["1 Utskrivning - till arbete, studier eller arbetssökande"][-1] == f"6,3{NBSP}%"


def test_income_table_counts_shares_and_changes() -> None:
    fs = "Försörjningsstöd"
    rows = [
        ep(
            n,
            f"p{n}",
            "K",
            "2025-01-10",
            "2025-06-30",
            exit_code=1,
            income_before=frozenset({fs}) if n < 8 else frozenset({"A-kassa"}),
            income_after=frozenset({fs}) if n < 5 else frozenset({"Ingen offentlig försörjning"}),
        )
        for n in range(2, 10)
    ]
    table = tables(rows)["Försörjning före och efter insatsen"]
    assert table.columns == ("Försörjningskälla", "Före", "Efter", "Förändring", "Förändring i %")
    values = cells(table)
    # 6 of 8 before (75,0 %), 3 of 8 after (37,5 %): -3, -50,0 %
    assert values["Försörjningsstöd"] == (
        f"6 (75,0{NBSP}%)",
        f"3 (37,5{NBSP}%)",
        "-3",
        f"-50,0{NBSP}%",
    )
    # nobody before: the change in % has no base and stays blank
    assert values["Ingen offentlig försörjning"] == ("0 (0,0\u00a0%)", f"5 (62,5{NBSP}%)", "+5", "")
    assert "Sjukersättning" not in values  # a source nobody had is left out
    assert "andel av n = 8, samma n före och efter" in table.lead


def test_small_base_shows_counts_only() -> None:
    table = tables()["Försörjning före och efter insatsen"]  # n = 3
    assert table.columns == ("Försörjningskälla", "Före", "Efter", "Förändring")
    assert cells(table)["Försörjningsstöd"] == ("2", "1", "-1")
    assert "Andelar visas inte när n är mindre än 5" in table.note
    assert "1 avslutad saknar uppgift om försörjning" in table.note
    exits = tables()["Avslutningsanledningar"]  # 4 exits
    assert exits.columns[-1] == "Totalt"


def test_ladder_lead_states_movers_and_mean_per_measured() -> None:
    table = tables()["Steg i processtrappan"]
    assert cells(table)["Steg 2"] == ("2", "3")
    assert cells(table)["Totalt"] == ("5", "5")
    assert "Av de 5 deltagare" in table.lead
    assert "har 3 (60,0\u00a0%) flyttat minst ett steg uppåt" in table.lead
    assert "0,8 steg per mätt deltagare" in table.lead


def test_tables_need_their_columns() -> None:
    names = tables(columns=frozenset())
    assert set(names) == {
        "Deltagare under rapportperioden",
        "Deltagare sedan insatsens start",
        "Avslutningsanledningar",
        "Tid i insatsen",
    }


def test_duration_table() -> None:
    values = cells(tables()["Tid i insatsen"])
    assert values == {
        "Avslutade under perioden": ("4", "87", "84"),
        "Pågående vid periodens slut (hittills)": ("2", "153", "153"),
    }


def test_no_table_shows_an_id_or_a_row() -> None:
    text = tables_text(list(tables().values()))
    for person in ("p1", "p2", "p3", "p4", "p5", "p6"):
        assert person not in text


def test_every_table_fits_the_template_block() -> None:
    for table in tables().values():
        assert 2 <= len(table.columns) <= MAX_VALUE_COLUMNS + 1
        assert all(len(row.values) == len(table.columns) - 1 for row in table.rows)


def test_template_dicts_use_rich_text_and_number_the_tables(tmp_path: Path) -> None:
    loaded = load_source(ROOT / "inputs" / "arbetskonsulent-i-samverkan")
    blocks = tables_for(loaded, charts=True)
    assert (
        blocks[0]["rubrik"] == "Tabell 1. Deltagare under rapportperioden 2025-01-01 – 2025-12-31"
    )
    assert [b["rubrik"].split(".")[0] for b in blocks] == [
        f"Tabell {n}" for n in range(1, len(blocks) + 1)
    ]
    first = blocks[0]
    assert set(first) == {"rubrik", "ingress", "kolumner", "rader", "not", "bild"}
    charted = [b["rubrik"].split(". ", 1)[1] for b in blocks if b["bild"] is not None]
    assert charted == [
        "Deltagare under rapportperioden 2025-01-01 – 2025-12-31",
        "Avslutningsanledningar",
        "Försörjning före och efter insatsen",
    ]
    assert first["bild"].caption.endswith(
        "Underlag: n = 44 inskrivningar som pågått under perioden."
    )
    assert all(b["bild"] is None for b in tables_for(loaded, charts=False))
    assert all(
        isinstance(v, RichText) for r in first["rader"] for v in [r["etikett"], *r["varden"]]
    )


def test_no_statistics_no_tables(tmp_path: Path) -> None:
    loaded = load_source(ROOT / "inputs" / "samverkan-psykisk-ohalsa")
    assert loaded.statistics is None
    assert tables_for(loaded, charts=True) == []


def test_statistics_json_is_plain_data() -> None:
    data = statistics_json(compute_statistics(SCENARIO, *PERIOD, START, columns=ALL_COLUMNS))
    assert data["period"]["persons"] == {"women": 2, "men": 2, "other": 1, "total": 5}
    assert data["period"]["start"] == "2025-01-01"
    assert data["period"]["exit_reasons"]["1"]["total"] == 2
    assert data["income"]["base"] == 3


# ----------------------------------------------------------------- in the Word report


@pytest.fixture(scope="module")
def built_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stats") / "rapport.docx"
    build_report(ROOT / "inputs" / "arbetskonsulent-i-samverkan", output=out, force=True)
    return out


def test_tables_sit_under_4_4_and_fill_the_text_width(built_report: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(built_report))
    body = [
        (child.tag.split("}")[1], child)
        for child in document.element.body.iterchildren()
        if child.tag.endswith(("}p", "}tbl"))
    ]
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for _kind, el in body]
    start = next(i for i, t in enumerate(texts) if t.startswith("4.4 "))
    end = next(i for i, t in enumerate(texts) if t.startswith("5. "))
    captions = [t for t in texts[start:end] if t.startswith("Tabell ")]
    assert captions[0] == "Tabell 1. Deltagare under rapportperioden 2025-01-01 – 2025-12-31"
    assert "Tabell 2. Avslutningsanledningar" in captions
    stats_tables = [el for kind, el in body[start:end] if kind == "tbl"]
    assert len(stats_tables) == len(captions)
    for table in stats_tables:
        grid = [int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))]
        cells_in_header = next(table.iter(qn("w:tr"))).findall(qn("w:tc"))
        assert abs(sum(grid) - 9071) < 20  # 16 cm of text width
        assert len(grid) == len(cells_in_header) + 1  # the label spans two grid columns
        assert max(grid) - min(grid) <= 1  # equal columns: the label is twice a value column
    first = stats_tables[0]
    header_row = next(first.iter(qn("w:tr"))).findall(qn("w:tc"))
    header = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in header_row]
    assert header == ["", "Kvinnor", "Män", "Totalt"]


def test_report_contains_aggregates_only(built_report: Path) -> None:
    with zipfile.ZipFile(built_report) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "AK-0" not in xml  # the sheet's ids never reach the report


def test_tables_use_period_from_the_report(tmp_path: Path) -> None:
    statistics = compute_statistics(SCENARIO, date(2025, 1, 1), date(2025, 6, 30), START)
    titles = [t.title for t in build_tables(statistics)]
    assert titles[0] == "Deltagare under rapportperioden 2025-01-01 – 2025-06-30"


@pytest.mark.parametrize("text", ["12", "1 234", "−5", "Summa", 'A & B <c> "d"', "", 7, None])
@pytest.mark.parametrize("bold", [False, True])
def test_a_table_run_is_docxtpls_rich_text(text: object, bold: bool) -> None:
    """run_text writes the run in one step; the XML must be what RichText.add writes."""
    from reportgen.render.richtext import RichText, run_text

    assert run_text(text, bold=bold).xml == RichText(text, bold=bold).xml  # type: ignore[arg-type]
