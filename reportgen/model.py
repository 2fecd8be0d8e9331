"""The report model: the single in-memory truth about one intervention's report.

Every source (insats.yaml, a submitted Word report) is turned into a `Report`;
every check and every renderer reads only this. Field names are English, the
aliases are the Swedish keys of insats.yaml (which are the funder's words), so
the JSON Schema that editors use for completion speaks Swedish.

Almost everything is optional on purpose: a missing section is a *finding*
(S001) reported together with all others, not a load failure that hides them.
`None` means "absent", an empty string means "present but empty" (S002).
"""

# No `from __future__ import annotations` here: pydantic would then evaluate every field's
# annotation from its string (a compile per field, ~1 ms of each start-up for both
# model modules); evaluated by Python as the class is made, they cost nothing extra.
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema
from pydantic_core import PydanticCustomError

from reportgen.amounts import AmountError, is_blank_amount, parse_amount
from reportgen.location import LocationMap
from reportgen.model_values import achievement, written_date, written_period
from reportgen.profile import DEFAULT_PROFILE

SCHEMA_ID: Final = "reportgen/insats/v1"

ReportKind = Literal["delrapport", "slutrapport"]
REPORT_KINDS: tuple[str, ...] = ("delrapport", "slutrapport")
Orientation = Literal["individinriktad", "strukturövergripande"]
Achievement = Literal["ja", "nej", "delvis", "pågår"]
Day = Annotated[date, BeforeValidator(written_date)]  # 2023-01-01, 2023.01.01, 20230101


def _amount(raw: Any) -> Decimal | None:
    """Amounts arrive as the user typed them; parse every Swedish form or say why not."""
    if is_blank_amount(raw):
        return None
    try:
        return parse_amount(raw).value
    except AmountError as exc:
        # A distinct error type lets the YAML source turn it into a B005 finding.
        raise PydanticCustomError(
            "amount", "{message}", {"message": str(exc), "value": str(raw)}
        ) from None


Amount = Annotated[
    Decimal | None,
    BeforeValidator(_amount),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}],
            "description": 'Belopp i kronor: 709000, "709 000", "709 000 kr", '
            '"912 000:-" eller "1 250 tkr".',
        }
    ),
]


def _text(raw: Any) -> Any:
    """A YAML list under a text key is a bulleted list; keep it instead of rejecting it."""
    if isinstance(raw, list) and all(isinstance(item, str | int | float) for item in raw):
        return "\n".join(f"- {item}" for item in raw)
    return raw


Text = Annotated[
    str | None,
    BeforeValidator(_text),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": 'Fritext. Tom rad mellan stycken; rader som börjar med "- " '
            "blir en punktlista.",
        }
    ),
]


def _fte(raw: Any) -> Any:
    """Staffing is written as 1.0, "0,5" or "50 %"; the model holds the fraction."""
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", " ").replace(",", ".")
        if text.endswith("%"):
            try:
                return float(text[:-1].strip()) / 100
            except ValueError:
                return raw
        try:
            return float(text)
        except ValueError:
            return raw
    return raw


def _no_items() -> list[Any]:
    """An empty list for `default_factory`. Not `list` itself: pydantic asks each factory
    for its signature, and a builtin's costs the first use of the tokenizer (~3 ms of
    every command) where a Python function's is read off its code."""
    return []


def _no_texts() -> dict[str, Any]:
    """An empty dict for `default_factory`, for the reason `_no_items` gives."""
    return {}


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
    )


class Period(_Model):
    """A date range; checked for order by a rule, not here, so all problems show at once."""

    start: Day = Field(alias="från", description="Första dagen, ÅÅÅÅ-MM-DD.")
    end: Day = Field(alias="till", description="Sista dagen, ÅÅÅÅ-MM-DD.")


# A period may also be written on one line, as reports do: `20230101–20231231`.
WrittenPeriod = Annotated[Period | None, BeforeValidator(written_period)]


class Party(_Model):
    """A member organisation with its contact person (section 2)."""

    organisation: str | None = Field(default=None, alias="organisation")
    contact: str | None = Field(default=None, alias="kontaktperson")
    email: str | None = Field(default=None, alias="epost")


class Intervention(_Model):
    """Section 1 and 2: what the intervention is and who runs it."""

    name: str | None = Field(default=None, alias="namn", description="Insatsens namn.")
    orientation: Orientation | None = Field(
        default=None,
        alias="inriktning",
        description="individinriktad (med deltagare) eller strukturövergripande.",
    )
    period: WrittenPeriod = Field(default=None, alias="tidsperiod")
    granted: Amount = Field(default=None, alias="beviljat_medel", description="Beviljat medel.")
    responsible: Party | None = Field(default=None, alias="ansvarig")
    partners: list[Party] = Field(
        default_factory=_no_items,
        alias="parter",
        max_length=11,
        description="Övriga förbundsmedlemmar (så många som mallen har kontaktplatser för).",
    )
    annual_places: int | None = Field(
        default=None, alias="årsplatser", ge=0, le=100_000, description="Årsplatser i insatsen."
    )


class Description(_Model):
    """Section 3."""

    background: Text = Field(default=None, alias="bakgrund")
    purpose: Text = Field(default=None, alias="syfte")
    target_group: Text = Field(default=None, alias="målgrupp")


class Goal(_Model):
    """One row of the 4.1 goals table."""

    goal: Text = Field(default=None, alias="mål")
    achieved: Annotated[Achievement | None, BeforeValidator(achievement)] = Field(
        default=None, alias="uppnått", description="ja, nej, delvis eller (delrapport) pågår."
    )
    outcome: Text = Field(default=None, alias="utfall")


class Staff(_Model):
    """One row of the staffing table under 4.2."""

    role: str | None = Field(default=None, alias="roll")
    employer: str | None = Field(default=None, alias="arbetsgivare")
    fte: Annotated[float | None, BeforeValidator(_fte)] = Field(
        default=None, alias="omfattning", ge=0, le=10, description="Heltid = 1.0."
    )


class Analysis(_Model):
    """Section 5.1–5.5."""

    effects: Text = Field(default=None, alias="effekter")
    collaboration: Text = Field(default=None, alias="samverkan")
    lessons: Text = Field(default=None, alias="erfarenheter")
    implementation: Text = Field(default=None, alias="implementering")
    system_errors: Text = Field(default=None, alias="systemfel")


class CostRow(_Model):
    """One cost line; several lines may share a category and are added together."""

    category: str | None = Field(
        default=None,
        alias="kostnadsslag",
        description="Kostnadsslag enligt förbundets mall, t.ex. Lönekostnader eller Material.",
    )
    specification: str | None = Field(
        default=None,
        alias="specifikation",
        description="Vad kostnaden avser, t.ex. IT och telefoni.",
    )
    budget: Amount = Field(default=None, alias="budget")
    outcome: Amount = Field(default=None, alias="utfall")


class Totals(_Model):
    """Totals as the report states them; reportgen checks them against the rows."""

    budget: Amount = Field(default=None, alias="budget")
    outcome: Amount = Field(default=None, alias="utfall")


class Economy(_Model):
    """Section 6."""

    comment: Text = Field(
        default=None, alias="kommentar", description="Varför utfallet skiljer sig från budget."
    )
    rows: list[CostRow] | None = Field(default=None, alias="rader")
    totals: Totals | None = Field(default=None, alias="summa")


class Signature(_Model):
    """Section 7."""

    organisation: str | None = Field(default=None, alias="organisation")
    place: str | None = Field(default=None, alias="ort")
    signed_on: Annotated[date | None, BeforeValidator(written_date)] = Field(
        default=None, alias="datum"
    )
    name: str | None = Field(default=None, alias="namn")
    title: str | None = Field(default=None, alias="titel", description="Befattning.")


class Appendix(_Model):
    """An appendix after the last section (`bilagor`): heading, text and an optional .docx."""

    heading: str | None = Field(default=None, alias="rubrik", description="Bilagans rubrik.")
    text: Text = Field(default=None, alias="text")
    file: str | None = Field(
        default=None, alias="fil", description="Word-fil (.docx) i insatsens mapp som läggs in."
    )


class ParticipantTotals(_Model):
    """Participant figures the report states for the report period (`deltagare`).

    Owners quote these in goals and text; reportgen checks them against the
    figures it computes from statistik.xlsx (D001), and the gender split
    against the total, so a hand count that does not add up is caught.
    """

    total: int | None = Field(
        default=None,
        alias="antal",
        ge=0,
        description="Antal personer som deltagit under rapportperioden. En person som "
        "skrivits in flera gånger räknas en gång.",
    )
    women: int | None = Field(default=None, alias="kvinnor", ge=0, description="Varav kvinnor.")
    men: int | None = Field(default=None, alias="män", ge=0, description="Varav män.")
    other: int | None = Field(
        default=None,
        alias="annat",
        ge=0,
        description="Varav annat kön eller uppgift saknas (utelämnas om inga).",
    )
    new: int | None = Field(
        default=None,
        alias="nya",
        ge=0,
        description="Antal nyinskrivningar under rapportperioden (en återinskrivning räknas).",
    )
    exited: int | None = Field(
        default=None, alias="avslutade", ge=0, description="Antal avslut under rapportperioden."
    )
    ongoing: int | None = Field(
        default=None,
        alias="pågående",
        ge=0,
        description="Antal pågående deltagare vid rapportperiodens slut.",
    )


class ReportInfo(_Model):
    """Which report this is: kind, the period it covers and an optional title variant."""

    kind: ReportKind = Field(default="slutrapport", alias="typ")
    period: WrittenPeriod = Field(
        default=None,
        alias="period",
        description="Rapportperioden. Utelämnad = insatsens hela tidsperiod.",
    )
    title: str | None = Field(
        default=None,
        alias="titel",
        description="Rubrik, t.ex. Del/slutrapport eller Helårsrapport.",
    )


class Report(_Model):
    """One intervention's report, whatever file it came from."""

    model_config = ConfigDict(title="insats.yaml")

    schema_id: Literal["reportgen/insats/v1"] = Field(
        default=SCHEMA_ID, alias="schema", description="Formatversion: reportgen/insats/v1."
    )
    funder: str = Field(
        default=DEFAULT_PROFILE,
        alias="förbund",
        description=f"Förbundets profil, t.ex. {DEFAULT_PROFILE} eller vasteras.",
    )
    report: ReportInfo = Field(default_factory=ReportInfo, alias="rapport")
    intervention: Intervention = Field(default_factory=Intervention, alias="insats")
    description: Description | None = Field(default=None, alias="beskrivning")
    goals: list[Goal] | None = Field(default=None, alias="mål")
    methods: Text = Field(default=None, alias="arbetssätt")
    staffing: list[Staff] = Field(default_factory=_no_items, alias="bemanning")
    deviations: Text = Field(default=None, alias="avvikelser")
    follow_up: Text = Field(default=None, alias="uppföljning")
    analysis: Analysis | None = Field(default=None, alias="analys")
    economy: Economy | None = Field(default=None, alias="ekonomi")
    signature: Signature | None = Field(default=None, alias="underskrift")
    statistics: str | None = Field(
        default=None,
        alias="statistik",
        description="Deltagarstatistik (.xlsx), relativt den här filen.",
    )
    participants: ParticipantTotals | None = Field(
        default=None,
        alias="deltagare",
        description="Deltagarantal som rapporten anger för rapportperioden, t.ex. "
        "{antal: 44, kvinnor: 23, män: 21}. Kontrolleras mot statistik.xlsx.",
    )

    appendices: list[Appendix] = Field(default_factory=_no_items, alias="bilagor", max_length=20)
    co_signature: Signature | None = Field(default=None, alias="medundertecknare")
    texts: dict[str, Text] = Field(
        default_factory=_no_texts,
        alias="avsnitt",
        description="Förbundets egna textavsnitt (profilens falt: avsnitt.<namn>), t.ex. "
        "sammanfattning eller resultatanalys.",
    )

    _locations: LocationMap | None = PrivateAttr(default=None)

    @property
    def locations(self) -> LocationMap:
        """Where each value came from; rules use it to say where to fix a problem."""
        if self._locations is None:
            self._locations = LocationMap(file="insats.yaml")
        return self._locations

    def attach_locations(self, locations: LocationMap) -> None:
        self._locations = locations

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def report_period(self) -> Period | None:
        """The period reported on: the stated one, else the whole intervention."""
        return self.report.period or self.intervention.period

    def value_at(self, key: str) -> Any:
        """The value at a Swedish key path (`beskrivning.bakgrund`), or None if absent.

        The funder profile names sections' contents by these paths, so the
        missing-section rule and the Word reader need no per-section code.
        """
        current: Any = self
        for part in key.split("."):
            if current is None:
                return None
            if isinstance(current, BaseModel):
                name = alias_to_field(type(current), part)
                if name is None:
                    raise KeyError(f"okänd nyckel {part!r} i {key!r}")
                current = getattr(current, name)
            elif isinstance(current, dict):  # `avsnitt.<namn>`: one of the funder's own texts
                current = current.get(part)
            else:
                return None
        return current


@lru_cache(maxsize=1024)
def alias_to_field(model: type[BaseModel], alias: str) -> str | None:
    """The field `alias` (as insats.yaml spells it) names; remembered, as the rules ask for
    the same few keys of the same few models for every report."""
    for name, info in model.model_fields.items():
        if info.alias == alias or name == alias:
            return name
    return None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of insats.yaml, for editors (yaml-language-server) and docs."""
    schema = Report.model_json_schema(by_alias=True, mode="validation")
    # Class docstrings are English notes for developers; editors show descriptions
    # as hover help, so only the Swedish field descriptions are kept.
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition.pop("description", None)
    schema["description"] = (
        "Beskrivning av en insats för reportgen: fylls i av insatsägaren och blir "
        "förbundets del- eller slutrapport."
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
