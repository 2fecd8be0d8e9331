"""The profile's schema: the typed models of profile.yaml.

`reportgen profil schema` prints them as JSON Schema and loading validates
against them (`reportgen.profile.loading`), so a missing or mistyped key
fails at load time with its line. `reportgen.profile` is the one import the
rest of reportgen uses.
"""

# No `from __future__ import annotations` here: pydantic would then evaluate every field's
# annotation from its string (a compile per field, ~1 ms of each start-up for both
# model modules); evaluated by Python as the class is made, they cost nothing extra.
import re
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

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


def _no_variants() -> dict[str, tuple[str, ...]]:
    """An empty dict for `default_factory`. Not `dict` itself: pydantic asks each factory
    for its signature, and a builtin's costs the first use of the tokenizer (~3 ms of
    every command) where a Python function's is read off its code."""
    return {}


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
    printed_heading: bool = Field(
        default=True,
        alias="rubrik_skrivs",
        description="false: avsnittet har ingen rubrik i mallen (t.ex. underskrifterna sist).",
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
    def short_name(self) -> str:
        """`avsnitt 7` / `avsnittet "Försörjningsförändringar"`: for messages that name it twice."""
        return f"avsnitt {self.id}" if self.numbered else self.name

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
    titles: dict[str, tuple[str, ...]] = Field(default_factory=_no_variants, alias="titlar")
    # section id -> other spellings of its heading (without number)
    headings: dict[str, tuple[str, ...]] = Field(default_factory=_no_variants, alias="rubriker")
    # label key (see `etiketter`) -> other spellings of that label
    labels: dict[str, tuple[str, ...]] = Field(default_factory=_no_variants, alias="etiketter")
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
