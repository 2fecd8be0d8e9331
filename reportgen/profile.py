"""Funder profiles: what a funder's report template contains.

A profile (`templates/<id>/profile.yaml`) is the one place that lists section
ids and verbatim headings, which sections each report kind requires, the cost
rows of the economy table and the check thresholds. Rendering, the Word reader
and the missing-section rule all read it, so nothing else hard-codes headings.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportgen.errors import ProfileError
from reportgen.formatting import printable
from reportgen.yamlio import YamlReadError, read_yaml_file

TEMPLATES_ENV = "REPORTGEN_MALLAR"


class _ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Section(_ProfileModel):
    id: str
    heading: str = Field(alias="rubrik")
    sub_question: str | None = Field(default=None, alias="underfraga")
    sub_question_own_line: bool = Field(default=False, alias="underfraga_egen_rad")
    required_for: tuple[str, ...] = Field(default=(), alias="krävs")
    fields: tuple[str, ...] = Field(default=(), alias="falt")

    @property
    def number(self) -> str:
        """Sections are numbered "N." and sub-sections "N.M" with no trailing dot."""
        return f"{self.id}." if "." not in self.id else self.id

    @property
    def is_subsection(self) -> bool:
        return "." in self.id

    @property
    def full_heading(self) -> str:
        """The heading line as the template prints it, sub-question included when inline."""
        text = f"{self.number} {self.heading}"
        if self.sub_question and not self.sub_question_own_line:
            text += f" {self.sub_question}"
        return text


class CostCategory(_ProfileModel):
    category: str = Field(alias="kostnadsslag")
    label: str = Field(alias="etikett")
    other_spellings: tuple[str, ...] = Field(default=(), alias="andra_stavningar")


class EconomyTable(_ProfileModel):
    column_heading: str = Field(default="Kostnadslag", alias="kolumnrubrik")
    total_label: str = Field(default="Summa", alias="summa")
    categories: tuple[CostCategory, ...] = Field(alias="rader")


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
    id: str
    name: str = Field(alias="namn")
    page_header: str = Field(alias="sidhuvud")
    template: str = Field(alias="mall")
    compilation_template: str | None = Field(default=None, alias="sammanstallningsmall")
    titles: dict[str, str] = Field(alias="titlar")
    allowed_titles: tuple[str, ...] = Field(default=(), alias="tillatna_titlar")
    intro: str = Field(alias="ingress")
    sections: tuple[Section, ...] = Field(alias="sektioner")
    labels: dict[str, str] = Field(alias="etiketter")
    economy: EconomyTable = Field(alias="ekonomi")
    thresholds: Thresholds = Field(default_factory=Thresholds, alias="granser")
    reading: ReadingVariants = Field(default_factory=ReadingVariants, alias="lasning")
    directory: Path = Field(default=Path("."), exclude=True)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def required_sections(self, kind: str) -> list[Section]:
        return [s for s in self.sections if kind in s.required_for]

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


def templates_root() -> Path:
    """Where funder profiles live: $REPORTGEN_MALLAR, the installed copy, or the checkout."""
    env = os.environ.get(TEMPLATES_ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    installed = here / "_templates"
    if installed.is_dir():
        return installed
    return here.parent / "templates"


def available_profiles() -> list[str]:
    root = templates_root()
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob("*/profile.yaml"))


PROFILE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
"""What `förbund:` may say: the folder name of an installed profile, never a path."""


def load_profile(profile_id: str) -> Profile:
    """Load an installed profile by its id (`sundsvall`), as insats.yaml names it.

    The id is a name, never a path: an owner's YAML can only choose among the
    profiles the operator installed (the package's, or $REPORTGEN_MALLAR), so it
    can neither bring its own template nor silence the rules with its own profile.
    """
    if not isinstance(profile_id, str) or not PROFILE_ID.fullmatch(profile_id):
        known = ", ".join(available_profiles()) or "inga"
        if isinstance(profile_id, str) and re.fullmatch(r"\w[\w-]{0,39}", profile_id):
            raise ProfileError(  # a word, but not one an installed profile can have ("göteborg")
                f"Förbundsprofilen '{profile_id}' finns inte. Kända profiler: {known}. Ange en "
                "av dem under 'förbund:' i insats.yaml."
            )
        raise ProfileError(
            f"'{printable(profile_id, 40)}' är inget namn på en förbundsprofil. Ange namnet på "
            f"en installerad profil under 'förbund:' (små bokstäver, siffror och bindestreck), "
            f"t.ex. sundsvall. Kända profiler: {known}."
        )
    return _load_profile_dir(templates_root().resolve() / profile_id)


def load_profile_dir(directory: Path) -> Profile:
    """Load the profile in `directory`: for the operator (a command-line option), not for YAML."""
    return _load_profile_dir(directory.resolve())


@cache
def _load_profile_dir(directory: Path) -> Profile:
    path = directory / "profile.yaml"
    if not path.is_file():
        known = ", ".join(available_profiles()) or "inga"
        raise ProfileError(
            f"Förbundsprofilen '{directory.name}' finns inte (letade efter {path}). "
            f"Kända profiler: {known}. Ange en av dem under 'förbund:' i insats.yaml."
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
        key = ".".join(str(p) for p in first["loc"])
        line = loaded.lines.get(key)
        where = f"{path}:{line}" if line else str(path)
        raise ProfileError(
            f"{where}: förbundsprofilen är ogiltig vid '{key}': {first['msg']}. "
            "Jämför med templates/sundsvall/profile.yaml."
        ) from None
    for template in (profile.template_path, profile.compilation_template_path):
        if template is not None and not template.resolve().is_relative_to(directory):
            raise ProfileError(
                f"{path}: förbundsprofilens mall {template} ligger utanför profilens mapp. "
                "Lägg mallarna i samma mapp som profile.yaml."
            )
    if not profile.template_path.is_file():
        raise ProfileError(
            f"Förbundsprofilen '{profile.id}' pekar på mallen {profile.template_path}, "
            "som inte finns."
        )
    return profile
