"""Funder profiles: what a funder's report template contains.

A profile (`templates/<id>/profile.yaml`) is the one place that lists the
sections with their verbatim headings, which sections each report kind
requires, the cost rows of the economy table, the contact slots, the process
ladder and the check thresholds. Rendering, the Word reader and every rule read
it, so nothing else hard-codes a heading or a section number.

Code asks for a section by what it holds – its role: the goals, the economy,
the contacts, the signature, the statistics, the appendices – never by its
number (`Profile.section_for(Role.GOALS)`). A section's role is stated in
profile.yaml (`roll:`) or follows from the insats.yaml key it answers
(`falt: [mål]` holds the goals). One funder numbers its sections "1.", "4.1";
another has unnumbered headings (a section id that is no number, such as
`forsorjning`, is a name only and never printed).

The models here are the profile's schema: `reportgen profil schema` prints
them as JSON Schema, and loading validates against them, so a missing label
fails at load time with its line. Where profiles are found is
`reportgen.profiles.search`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportgen.errors import ProfileError
from reportgen.formatting import printable
from reportgen.profiles.search import (
    OPERATOR_ENV,
    PROFILE_FILE,
    TEMPLATES_ENV,
    add_operator_folders,
    profile_folders,
    templates_root,
)
from reportgen.yamlio import YamlReadError, read_yaml_file

__all__ = [
    "DEFAULT_PROFILE",
    "OPERATOR_ENV",
    "TEMPLATES_ENV",
    "CostCategory",
    "Ladder",
    "Profile",
    "Role",
    "Section",
    "add_operator_folders",
    "available_profiles",
    "load_profile",
    "load_profile_dir",
    "templates_root",
]

DEFAULT_PROFILE = "sundsvall"
"""The funder an insats.yaml without `förbund:` reports to: the one default, named once."""

_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,2}")


class Role(StrEnum):
    """What a section holds, for the code that needs that section wherever it stands."""

    INTERVENTION = "insatsen"  # name, period, granted funds
    CONTACTS = "kontakter"  # the responsible organisation and the member slots
    GOALS = "mål"  # the goals table
    STAFFING = "bemanning"  # where reportgen's staffing table goes
    STATISTICS = "statistik"  # where the participant statistics go
    ECONOMY = "ekonomi"  # the cost table
    SIGNATURE = "underskrift"  # the owner's signature
    APPENDICES = "bilagor"  # appendices listed or attached


ROLE_OF_FIELD: dict[str, Role] = {
    "insats.namn": Role.INTERVENTION,
    "insats.ansvarig": Role.CONTACTS,
    "mål": Role.GOALS,
    "arbetssätt": Role.STAFFING,
    "ekonomi.rader": Role.ECONOMY,
    "underskrift": Role.SIGNATURE,
    "bilagor": Role.APPENDICES,
}
"""A section answering one of these insats.yaml keys holds that role unless `roll:` says."""

LABELS_FOR_ROLE: dict[Role, tuple[str, ...]] = {
    Role.INTERVENTION: ("insatsens_namn", "tidsperiod", "beviljat_medel"),
    Role.CONTACTS: (
        "ansvarig_organisation",
        "kontaktperson_insatsagare",
        "organisation",
        "kontaktperson",
        "epost",
    ),
    Role.GOALS: ("mal_instruktion", "mal_uppnatt", "mal_utfall"),
    Role.ECONOMY: ("ekonomi_instruktion", "budget", "utfall"),
    Role.SIGNATURE: ("ort_och_datum", "underskrift"),
}
"""The labels (`etiketter`) code reads for a role: required when a section holds it."""


class _ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Section(_ProfileModel):
    id: str = Field(
        description='Avsnittets nummer ("4.1") eller, för en onumrerad rubrik, ett namn '
        '("forsorjning") som aldrig skrivs ut.'
    )
    heading: str = Field(alias="rubrik", description="Rubriken ordagrant, utan nummer.")
    sub_question: str | None = Field(default=None, alias="underfraga")
    sub_question_own_line: bool = Field(default=False, alias="underfraga_egen_rad")
    required_for: tuple[str, ...] = Field(
        default=(), alias="krävs", description="Rapporttyper där avsnittet måste vara ifyllt."
    )
    fields: tuple[str, ...] = Field(
        default=(), alias="falt", description="Nycklar i insats.yaml som besvarar avsnittet."
    )
    role: Role | None = Field(
        default=None,
        alias="roll",
        description="Vad avsnittet innehåller, om det inte framgår av falt.",
    )
    level_stated: int | None = Field(
        default=None, alias="nivå", ge=1, le=3, description="Rubriknivå (1 = Rubrik 1)."
    )
    blocks: tuple[str, ...] = Field(
        default=(),
        alias="block",
        description="Statistikblock som reportgen räknar fram och skriver i avsnittet.",
    )
    listed_result: bool = Field(
        default=False,
        alias="resultat",
        description="Ett av resultaten som verksamhetsplanen kräver (listas i mallen).",
    )

    @property
    def numbered(self) -> bool:
        """Whether the id is a section number the template prints ("4.1")."""
        return _NUMBER.fullmatch(self.id) is not None

    @property
    def number(self) -> str:
        """Sections are numbered "N." and sub-sections "N.M" with no trailing dot; "" unnumbered."""
        if not self.numbered:
            return ""
        return f"{self.id}." if "." not in self.id else self.id

    @property
    def level(self) -> int:
        if self.level_stated is not None:
            return self.level_stated
        return self.id.count(".") + 1 if self.numbered else 1

    @property
    def is_subsection(self) -> bool:
        return self.level > 1

    @property
    def roles(self) -> frozenset[Role]:
        """The stated role, and the roles its fields imply."""
        found = {ROLE_OF_FIELD[key] for key in self.fields if key in ROLE_OF_FIELD}
        if self.role is not None:
            found.add(self.role)
        return frozenset(found)

    @property
    def full_heading(self) -> str:
        """The heading line as the template prints it, sub-question included when inline."""
        text = f"{self.number} {self.heading}" if self.number else self.heading
        if self.sub_question and not self.sub_question_own_line:
            text += f" {self.sub_question}"
        return text

    @property
    def name(self) -> str:
        """`avsnitt 3.2 "Syfte med insatsen"` / `avsnittet "Försörjningsförändringar"`."""
        heading = self.heading.rstrip(" .:")
        return f'avsnitt {self.id} "{heading}"' if self.numbered else f'avsnittet "{heading}"'


class CostCategory(_ProfileModel):
    category: str = Field(alias="kostnadsslag")
    label: str = Field(alias="etikett")
    other_spellings: tuple[str, ...] = Field(default=(), alias="andra_stavningar")


class EconomyTable(_ProfileModel):
    column_heading: str = Field(default="Kostnadslag", alias="kolumnrubrik")
    total_label: str = Field(default="Summa", alias="summa")
    categories: tuple[CostCategory, ...] = Field(default=(), alias="rader")


class Thresholds(_ProfileModel):
    deviation_percent: float = Field(default=5.0, alias="avvikelse_procent", ge=0)
    explain_underuse_in_final: bool = Field(default=True, alias="forklara_outnyttjat_i_slutrapport")
    # Word stems that show an explanation text is about the economy (B004: a text under
    # "avvikelser" that never mentions money explains nothing about a budget deviation).
    economy_words: tuple[str, ...] = Field(
        default=(
            "budget",
            "ekonomi",
            "kostnad",
            "förbruk",
            "beviljat",
            "beviljade",
            "medel",
            "medlen",
            "överskrid",
            "underskrid",
            "outnyttj",
            "belopp",
            "kronor",
            "tkr",
            "kr",
        ),
        alias="ekonomiord",
    )


class Ladder(_ProfileModel):
    """The process ladder ("processtrappan"): its steps in order, lowest first.

    Step n of the participant sheet (`steg_start`, `steg_slut`) is the n-th name;
    the sheet may hold the number or the name.
    """

    name: str = Field(default="processtrappan", alias="namn")
    steps: tuple[str, ...] = Field(alias="steg", min_length=2, max_length=10)


class ReadingVariants(_ProfileModel):
    """How hand-filled copies of the template deviate, for the Word reader (domain.md §3).

    Generation always uses the canonical words above; these lists only widen
    what `reportgen check rapport.docx` recognises, so a funder's known typos
    ("Arbetsätt", "Kostnadsslag", the damaged 5.3 heading) are data, not code.
    """

    # report kind -> title words that start a title of that kind ("Slutrapport 2023")
    titles: dict[str, tuple[str, ...]] = Field(default_factory=dict, alias="titlar")
    # section id -> other spellings of its heading (without number)
    headings: dict[str, tuple[str, ...]] = Field(default_factory=dict, alias="rubriker")
    # label key (see `etiketter`) -> other spellings of that label
    labels: dict[str, tuple[str, ...]] = Field(default_factory=dict, alias="etiketter")
    # first header cell of the economy table, every accepted spelling
    cost_column_headings: tuple[str, ...] = Field(default=(), alias="kolumnrubriker")
    # labels of the total row of the economy table
    total_labels: tuple[str, ...] = Field(default=("Summa",), alias="summaetiketter")
    # a paragraph starting with one of these ends the report (appendices follow)
    appendix_words: tuple[str, ...] = Field(default=("Bilaga",), alias="bilagor")


class Profile(_ProfileModel):
    model_config = ConfigDict(title="profile.yaml")

    id: str = Field(description="Profilens id: mappens namn, det insats.yaml anger i förbund.")
    name: str = Field(alias="namn", description="Förbundets namn.")
    page_header: str = Field(alias="sidhuvud")
    template: str = Field(alias="mall", description="Rapportmallen (.docx) i profilens mapp.")
    compilation_template: str | None = Field(default=None, alias="sammanstallningsmall")
    titles: dict[str, str] = Field(
        alias="titlar", description="Rapporttyp (delrapport, slutrapport) -> rubrik."
    )
    allowed_titles: tuple[str, ...] = Field(default=(), alias="tillatna_titlar")
    intro: str = Field(default="", alias="ingress")
    sections: tuple[Section, ...] = Field(alias="sektioner", min_length=1)
    labels: dict[str, str] = Field(alias="etiketter")
    contact_slots: int | None = Field(
        default=None,
        alias="kontaktplatser",
        ge=1,
        le=12,
        description="Kontaktplatser i mallen: den ansvariga organisationen och övriga "
        "medlemmar. Utelämnas om mallen saknar kontaktavsnitt.",
    )
    economy: EconomyTable = Field(default_factory=EconomyTable, alias="ekonomi")
    ladder: Ladder | None = Field(
        default=None, alias="processtrappa", description="Stegen i processtrappan, lägst först."
    )
    trial_months: int | None = Field(
        default=None,
        alias="prövotid_månader",
        ge=1,
        le=24,
        description="Avslut inom så många månader från start räknas inte till resultaten.",
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, alias="granser")
    reading: ReadingVariants = Field(default_factory=ReadingVariants, alias="lasning")
    directory: Path = Field(default=Path("."), exclude=True)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def section_for(self, role: Role) -> Section | None:
        """The section that holds `role` (None when the funder's template has none)."""
        return next((s for s in self.sections if role in s.roles), None)

    def section_answering(self, key: str) -> Section | None:
        """The section whose `falt` lists the insats.yaml key (None if none does)."""
        return next((s for s in self.sections if key in s.fields), None)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The report kinds the funder's template serves, in profile order."""
        return tuple(self.titles)

    @property
    def step_names(self) -> tuple[str, ...]:
        """The ladder's step names; numbered 1–5 when the profile names no ladder."""
        return self.ladder.steps if self.ladder else ("1", "2", "3", "4", "5")

    def required_sections(self, kind: str) -> list[Section]:
        return [s for s in self.sections if kind in s.required_for]

    def listed_results(self) -> list[Section]:
        """The results the template lists as required (`resultat: true`), in order."""
        return [s for s in self.sections if s.listed_result]

    def category(self, name: str | None) -> CostCategory | None:
        """The profile row a free-typed category belongs to, matched on its leading words."""
        if not name:
            return None
        wanted = _fold(name)
        for cat in self.economy.categories:
            for spelling in (cat.category, *cat.other_spellings):
                folded = _fold(spelling)
                if wanted == folded or wanted.startswith(folded + " "):
                    return cat
        return None

    def title_for(self, kind: str, override: str | None = None) -> str:
        return override or self.titles.get(kind, kind.capitalize())

    @property
    def template_path(self) -> Path:
        return self.directory / self.template

    @property
    def compilation_template_path(self) -> Path | None:
        if not self.compilation_template:
            return None
        return self.directory / self.compilation_template


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("(", " ").split())


def available_profiles() -> list[str]:
    """The ids of every profile found: the operator's folders and the installed ones."""
    return sorted(profile_folders())


PROFILE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
"""What `förbund:` may say: the folder name of an installed profile, never a path."""


def load_profile(profile_id: str) -> Profile:
    """Load a profile by its id (`sundsvall`), as insats.yaml names it.

    The id is a name, never a path: an owner's YAML can only choose among the
    profiles the operator made available (installed, $REPORTGEN_MALLAR,
    $REPORTGEN_PROFILER or --profiler), so it can neither bring its own template
    nor silence the rules with its own profile.
    """
    known = ", ".join(available_profiles()) or "inga"
    if not isinstance(profile_id, str) or not PROFILE_ID.fullmatch(profile_id):
        if isinstance(profile_id, str) and re.fullmatch(r"\w[\w-]{0,39}", profile_id):
            raise ProfileError(  # a word, but not one an installed profile can have ("göteborg")
                f"Förbundsprofilen '{profile_id}' finns inte. Kända profiler: {known}. Ange en "
                "av dem under 'förbund:' i insats.yaml."
            )
        raise ProfileError(
            f"'{printable(profile_id, 40)}' är inget namn på en förbundsprofil. Ange namnet på "
            f"en installerad profil under 'förbund:' (små bokstäver, siffror och bindestreck), "
            f"t.ex. {DEFAULT_PROFILE}. Kända profiler: {known}."
        )
    folder = profile_folders().get(profile_id)
    if folder is None:
        raise ProfileError(
            f"Förbundsprofilen '{profile_id}' finns inte (letade i {templates_root()}). "
            f"Kända profiler: {known}. Ange en av dem under 'förbund:' i insats.yaml."
        )
    return _load_profile_dir(folder)


def load_profile_dir(directory: Path) -> Profile:
    """Load the profile in `directory`: for the operator (a command-line option), not for YAML."""
    return _load_profile_dir(directory.resolve())


def yaml_key(loc: tuple[Any, ...]) -> str:
    """A validation error's place as the YAML line map names it: `sektioner[3].rubrik`."""
    key = ""
    for part in loc:
        key = f"{key}[{part + 1}]" if isinstance(part, int) else (f"{key}.{part}" if key else part)
    return key


@cache
def _load_profile_dir(directory: Path) -> Profile:
    path = directory / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(available_profiles()) or "inga"
        raise ProfileError(
            f"Förbundsprofilen '{directory.name}' finns inte (letade efter {path}). "
            f"Kända profiler: {known}."
        )
    try:
        loaded = read_yaml_file(path)
    except YamlReadError as exc:
        problem = exc.problems[0]
        where = f"{path}:{problem.line}" if problem.line else str(path)
        raise ProfileError(f"{where}: förbundsprofilen {problem.message}") from None
    data: Any = loaded.data
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: förbundsprofilen måste vara en YAML-mappning.")
    try:
        profile = Profile.model_validate({**data, "directory": directory})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = yaml_key(first["loc"])
        line = _line_of(loaded.lines, key)
        where = f"{path}:{line}" if line else str(path)
        raise ProfileError(
            f"{where}: förbundsprofilen är ogiltig vid '{key}': {first['msg']}. "
            "Se 'reportgen profil schema'."
        ) from None
    _check_consistency(profile, path, loaded.lines)
    return profile


def _line_of(lines: dict[str, int], key: str) -> int | None:
    """The line of `key`, or of the nearest parent that the file has."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0] if "." in key else key.rpartition("[")[0]
    return None


def _check_consistency(profile: Profile, path: Path, lines: dict[str, int]) -> None:
    """What the schema cannot say: ids unique, roles once, labels for the roles, files inside."""

    def fail(key: str, message: str) -> None:
        line = _line_of(lines, key)
        raise ProfileError(f"{path}:{line or 1}: förbundsprofilen: {message}")

    seen: set[str] = set()
    for index, section in enumerate(profile.sections, start=1):
        if section.id in seen:
            fail(f"sektioner[{index}].id", f"avsnittet '{section.id}' finns två gånger.")
        seen.add(section.id)
        for kind in section.required_for:
            if kind not in profile.titles:
                fail(
                    f"sektioner[{index}].krävs",
                    f"rapporttypen '{kind}' under krävs finns inte under titlar "
                    f"({', '.join(profile.titles)}).",
                )
    for role in Role:
        holders = [s.id for s in profile.sections if role in s.roles]
        if len(holders) > 1:
            fail("sektioner", f"rollen '{role}' har flera avsnitt ({', '.join(holders)}).")
        if holders:
            missing = [k for k in LABELS_FOR_ROLE.get(role, ()) if k not in profile.labels]
            if missing:
                fail(
                    "etiketter",
                    f"etiketter saknar {', '.join(missing)}, som avsnitt {holders[0]} "
                    f"({role}) behöver.",
                )
    if profile.section_for(Role.CONTACTS) is not None and profile.contact_slots is None:
        fail("sektioner", "kontaktplatser saknas: ange hur många kontaktplatser mallen har.")
    for template in (profile.template_path, profile.compilation_template_path):
        if template is not None and not template.resolve().is_relative_to(profile.directory):
            fail(
                "mall",
                f"mallen {template} ligger utanför profilens mapp. Lägg mallarna i samma "
                "mapp som profile.yaml.",
            )
    if not profile.template_path.is_file():
        raise ProfileError(
            f"Förbundsprofilen '{profile.id}' pekar på mallen {profile.template_path}, "
            "som inte finns."
        )
