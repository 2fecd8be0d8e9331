"""Shared helpers for the rule tests: a valid report as text, and a way to run the rules on it.

Each test starts from `VALID_FINAL` (or `VALID_INTERIM`), changes the one thing
it is about, and asserts the code, the severity and the exact location
(`insats.yaml:LINE key.path`). The expected line is found by searching the
YAML text, independently of the location map the rules use, so a wrong line
would fail the test.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.checks import check_report
from reportgen.findings import Finding
from reportgen.profile import load_profile
from reportgen.sources.yaml_source import load_report

VALID_FINAL = """\
schema: reportgen/insats/v1
förbund: sundsvall
rapport:
  typ: slutrapport
  period: {från: 2025-01-01, till: 2025-12-31}
insats:
  namn: Testinsats
  inriktning: individinriktad
  tidsperiod: {från: 2025-01-01, till: 2025-12-31}
  beviljat_medel: 689000
  ansvarig: {organisation: Sundsvalls kommun, kontaktperson: Anna Berg, epost: a@b.se}
beskrivning:
  bakgrund: Bakgrunden.
  syfte: Syftet.
  målgrupp: Målgruppen.
mål:
  - mål: Minst 30 deltagare ska skrivas in.
    uppnått: ja
    utfall: 32 deltagare skrevs in.
  - mål: Minst 30 % ska gå till arbete eller studier.
    uppnått: nej
    utfall: 26 % gick till arbete eller studier.
arbetssätt: Arbetssättet.
avvikelser: Inga avvikelser från planeringen.
uppföljning: Uppföljningen.
analys:
  effekter: Effekterna.
  samverkan: Samverkan.
  erfarenheter: Erfarenheterna.
  implementering: Implementeringen.
  systemfel: Systemfelen.
ekonomi:
  kommentar: Hela det beviljade beloppet har använts enligt budget.
  rader:
    - {kostnadsslag: Lönekostnader, budget: 644000, utfall: 644000}
    - {kostnadsslag: Lokalkostnader, budget: 30000, utfall: 30000}
    - {kostnadsslag: Material, specifikation: IT och telefoni, budget: 15000, utfall: 15000}
  summa: {budget: 689000, utfall: 689000}
underskrift: {organisation: Sundsvalls kommun, ort: Sundsvall, datum: 2026-01-16, namn: T. Wallin}
"""

# Half a year of a one-year intervention; 712 030 of 1 480 000 kr used (48 % of 50 %).
VALID_INTERIM = """\
schema: reportgen/insats/v1
förbund: sundsvall
rapport:
  typ: delrapport
  period: {från: 2026-01-01, till: 2026-06-30}
insats:
  namn: IPS-stöd
  inriktning: individinriktad
  tidsperiod: {från: 2026-01-01, till: 2026-12-31}
  beviljat_medel: 1480000
  ansvarig: {organisation: Sundsvalls kommun}
beskrivning:
  bakgrund: Bakgrunden.
  syfte: Syftet.
  målgrupp: Målgruppen.
mål:
  - mål: Minst 30 deltagare ska skrivas in under 2026.
arbetssätt: Arbetssättet.
avvikelser: Coachen började två veckor senare än planerat.
ekonomi:
  kommentar: Förbrukningen följer planen.
  rader:
    - {kostnadsslag: Lönekostnader, budget: 1400000, utfall: 690000}
    - {kostnadsslag: Lokalkostnader, budget: 80000, utfall: 22030}
  summa: {budget: 1480000, utfall: 712030}
underskrift: {organisation: Sundsvalls kommun, ort: Sundsvall, datum: 2026-08-14, namn: G. Ekholm}
"""


def replace(text: str, old: str, new: str) -> str:
    """str.replace that fails loudly, so a test never silently runs on the unchanged report."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def run_rules(tmp_path: Path, text: str) -> list[Finding]:
    """Source findings plus every rule's, as `reportgen check` gives them."""
    path = tmp_path / "insats.yaml"
    path.write_text(text, encoding="utf-8")
    report, source_findings = load_report(path, display="insats.yaml")
    profile = load_profile(report.funder)
    return [*source_findings, *check_report(report, profile, source_findings=source_findings)]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing `needle`."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def plain(message: str) -> str:
    """Messages group thousands with NBSP (as the report does); tests compare with spaces."""
    return message.replace("\u00a0", " ")


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)
