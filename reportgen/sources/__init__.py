"""Sources turn input files into the report model; this module picks the right one.

`load_source` accepts what `reportgen check` and `build` accept: an intervention
folder, its insats.yaml, or (for review) a submitted Word report. Whatever the
file, the result is the same `LoadedReport`, so checks and rendering never ask
where the data came from.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.codes import finding
from reportgen.errors import InputError, ProfileError
from reportgen.findings import Finding
from reportgen.loaded import LoadedReport
from reportgen.location import Location
from reportgen.model import Report
from reportgen.profile import Profile, load_profile

if TYPE_CHECKING:  # only annotations here: a Word report's check never imports stats
    from reportgen.stats import Episode, Statistics

__all__ = ["DOCX_SUFFIXES", "YAML_SUFFIXES", "display_name", "load_source"]

YAML_SUFFIXES = {".yaml", ".yml"}
DOCX_SUFFIXES = {".docx"}
# Reports saved in another format: converted to .docx (or refused) by the Word reader.
OTHER_DOCUMENT_SUFFIXES = {".doc", ".odt", ".rtf", ".pdf"}


def display_name(path: Path) -> str:
    return str(path)


def load_source(path: Path, *, kind: str | None = None, profile: str | None = None) -> LoadedReport:
    """Load any supported input; raise InputError (with F001/F002 findings) if impossible.

    `kind` overrides the report kind the file states (`--typ` on the command line).
    `profile` (a funder's id, `--förbund`) reads a submitted Word report with that
    funder's headings instead of the best-matching funder's; an insats.yaml names
    its funder itself.
    """
    if not path.exists():
        raise InputError(
            f"{path} finns inte.",
            [_file_finding("F001", path, "Filen eller mappen finns inte. Kontrollera sökvägen.")],
        )
    if path.is_dir():
        candidate = path / "insats.yaml"
        if not os.path.lexists(candidate):  # anything else (a FIFO …) is refused when read
            raise InputError(
                f"{path} saknar insats.yaml.",
                [
                    _file_finding(
                        "F001",
                        path,
                        "Mappen innehåller ingen insats.yaml. Skapa en med "
                        f"'reportgen init {path}'.",
                    )
                ],
            )
        return _load_yaml(candidate, kind)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return _load_yaml(path, kind)
    if suffix in DOCX_SUFFIXES or suffix in OTHER_DOCUMENT_SUFFIXES:
        return _load_docx(path, kind, profile)
    if suffix in {".xlsx", ".xlsm"}:
        raise InputError(
            f"{path}: en arbetsbok granskas via sin insats.",
            [
                _file_finding(
                    "F002",
                    path,
                    "En statistik-arbetsbok granskas tillsammans med sin insats: kör "
                    f"'reportgen check {path.parent}' (insats.yaml anger arbetsboken under "
                    f"'statistik:'), eller se tabellerna med 'reportgen stats {path.parent}'.",
                )
            ],
        )
    raise InputError(
        f"{path}: filtypen stöds inte.",
        [
            _file_finding(
                "F002",
                path,
                f"Filtypen '{path.suffix or '(ingen)'}' stöds inte. Ange en insatsmapp, "
                "en insats.yaml eller en inskickad rapport (.docx).",
            )
        ],
    )


def _load_yaml(path: Path, kind: str | None) -> LoadedReport:
    """insats.yaml, and the participant workbook it names under `statistik`, if any."""
    from reportgen.sources.excel.source import workbook_of
    from reportgen.sources.yaml_source import load_report

    display = display_name(path)
    report, findings = load_report(path, display=display)
    if kind:
        report.report.kind = kind  # type: ignore[assignment]
    profile = _profile_for(report, display)
    findings = [*findings, *_beyond_contact_slots(report, profile)]
    ladder = profile.ladder.steps if profile.ladder else None
    workbook = workbook_of(report, path.parent, ladder=ladder)
    if workbook is None:  # a structural intervention has no participant data
        return LoadedReport(report, profile, path, display, findings)
    findings = [*findings, *workbook.findings]
    statistics = _with_results(workbook.statistics, workbook.episodes, report, profile)
    return LoadedReport(report, profile, path, display, findings, statistics)


def _with_results(
    statistics: Statistics | None, episodes: list[Episode], report: Report, profile: Profile
) -> Statistics | None:
    """The results a profile's blocks report (Västerås' shares, the ladder by name …), computed
    from the same episodes with the profile's ladder, trial period and årsplatser."""
    if statistics is None or not any(s.blocks for s in profile.sections):
        return statistics
    from reportgen.stats_results import compute_results

    results = compute_results(
        episodes,
        statistics.period.start,
        statistics.period.end,
        steps=len(profile.step_names),
        trial_months=profile.trial_months,
        annual_places=report.intervention.annual_places,
        columns=statistics.columns,
    )
    return replace(statistics, results=results)


def _load_docx(path: Path, kind: str | None, profile_id: str | None) -> LoadedReport:
    from reportgen.sources.docx.source import load

    profile = None
    if profile_id is not None:
        try:
            profile = load_profile(profile_id)
        except ProfileError as exc:
            raise InputError(exc.message, [_file_finding("F002", path, exc.message)]) from None
    loaded = load(path, display=display_name(path), profile=profile)
    if kind:
        loaded.report.report.kind = kind  # type: ignore[assignment]
    return loaded


def _profile_for(report: Report, display: str) -> Profile:
    try:
        return load_profile(report.funder)
    except ProfileError as exc:
        raise InputError(
            f"{display}: förbundets profil kunde inte läsas.",
            [finding("F002", exc.message, report.locations.at("förbund"))],
        ) from None


def _beyond_contact_slots(report: Report, profile: Profile) -> list[Finding]:
    """F002 when insats.yaml names more member organisations than the template has slots for."""
    slots = profile.contact_slots
    partners = report.intervention.partners
    if slots is None or len(partners) <= slots - 1:
        return []
    allowed = slots - 1
    return [
        finding(
            "F002",
            f"'parter' har {len(partners)} rader, men {profile.name}s mall har plats för högst "
            f"{allowed} övriga förbundsmedlemmar (kontaktplatser: {slots} med den ansvariga "
            f"organisationen). Ta bort {len(partners) - allowed} rad(er).",
            report.locations.at(f"insats.parter[{allowed + 1}]"),
        )
    ]


def _file_finding(code: str, path: Path, message: str) -> Finding:
    return finding(code, message, Location(display_name(path)))
