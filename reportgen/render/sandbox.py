"""What reportgen writes never runs what a user typed, and templates cannot run away.

Two guards for output built from untrusted values:

* `BoundedSandbox` – Jinja's sandbox stops templates reaching Python internals,
  but not from working without end: `range(10**9)`, `"x" * 10**9`, `9 ** 10**9`,
  a macro that doubles a string forty times. Here ranges are capped per call
  (MAX_RANGE) and per render (MAX_ITERATIONS), and every operator or filter that
  can make something large (`*`, `**`, `+`, `%`, `~`, `center`, `indent`,
  `format`, `join`, `replace`, `wordwrap`) refuses a result over MAX_LENGTH, or
  a width over MAX_WIDTH before it is built. Templates cannot include, import or
  extend other templates. A refusal is a SecurityError, i.e. a TemplateError,
  which rendering reports as a broken template (exit 2), never a hang.
* `put_text` – a text cell in a workbook is always a text cell: a name that
  starts with `=` (or `+`, `-`, `@`, tab, CR) is stored as a string with Excel's
  quote prefix, never as a formula that Excel would run (`=HYPERLINK(...)`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "MAX_ITERATIONS",
    "MAX_LENGTH",
    "MAX_RANGE",
    "BoundedSandbox",
    "neutralise_formulas",
    "put_text",
    "spreadsheet_text",
]

MAX_RANGE = 10_000
"""Items of one range(); a report template loops over a handful."""
MAX_ITERATIONS = 100_000
"""Items of all ranges of one render together (nested loops multiply)."""
MAX_LENGTH = 1_000_000
"""Characters (or items) of one value a template makes with an operator or filter."""
MAX_WIDTH = 10_000
"""A width or precision in center/indent/format/% before anything is built."""
MAX_PRODUCED = 20_000_000
"""Characters made by bounded operations in one render together."""
MAX_POWER_BITS = 4_096

_SIZED_FILTERS = ("center", "indent", "wordwrap", "format", "join", "replace")
_WIDTH_FILTERS = ("center", "indent", "wordwrap")
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|%[-+ #0]*\d*\.(?:\*|\d{5,})")
_WIDE_BRACE = re.compile(r"\{[^{}]*:[^{}]*?(?:\d{5,}|\{)")  # a wide or a nested spec


@dataclass
class _Budget:
    """Loop iterations and characters one render has used, against the sandbox's limits."""

    iterations: int = 0
    produced: int = 0


_budget: ContextVar[_Budget | None] = ContextVar("reportgen_template_budget", default=None)


def _refuse(what: str) -> SecurityError:
    return SecurityError(f"mallen försökte {what}; reportgen begränsar mallarnas arbete")


def _spend(*, iterations: int = 0, produced: int = 0) -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.iterations += iterations
    budget.produced += produced
    if budget.iterations > MAX_ITERATIONS:
        raise _refuse(f"loopa mer än {MAX_ITERATIONS} varv")
    if budget.produced > MAX_PRODUCED:
        raise _refuse(f"skapa mer än {MAX_PRODUCED} tecken")


def _bounded(value: Any) -> Any:
    """`value` if it is small enough, else SecurityError; charges the render's budget."""
    size = len(value) if isinstance(value, str | bytes | list | tuple) else 0
    if size > MAX_LENGTH:
        raise _refuse(f"skapa ett värde med {size} tecken eller element (högst {MAX_LENGTH})")
    _spend(produced=size)
    return value


def bounded_range(*args: int) -> Iterator[int]:
    """range() for templates: at most MAX_RANGE items, and counted against the render."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise _refuse(f"loopa över {len(numbers)} tal (högst {MAX_RANGE})")
    for number in numbers:
        _spend(iterations=1)
        yield number


class BoundedTemplate(Template):
    """A template whose every render starts with a fresh work budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _budget.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _budget.reset(token)


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` (string joining) is no interceptable operator, so it is wrapped here."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_value(")
        super().visit_Concat(node, frame)
        self.write(")")


class _NoTemplates(BaseLoader):
    """include, import, extends and from find nothing: a template is one file."""

    def get_source(self, environment: Any, template: str) -> Any:
        raise TemplateNotFound(
            f"{template} (en mall får inte läsa in andra mallar med include, import eller extends)"
        )


class BoundedSandbox(SandboxedEnvironment):
    """SandboxedEnvironment whose templates' work is bounded (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = BoundedTemplate
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("loader", _NoTemplates())
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        for name in _SIZED_FILTERS:
            self.filters[name] = _sized_filter(name, self.filters[name])

    def bounded_value(self, value: Any) -> Any:
        return _bounded(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            return _power(left, right)
        if operator == "*":
            _check_product(left, right)
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        return _bounded(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`"{:>9999999}".format(x)`: the spec is checked before anything is built."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(text)
            return str(_bounded(wrapped(*args, **kwargs)))

        return checked


def _check_product(left: Any, right: Any) -> None:
    """Refuse `"x" * 10**9` and huge integer products before they are built."""
    for sequence, count in ((left, right), (right, left)):
        repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
        if repeated and len(sequence) * max(count, 0) > MAX_LENGTH:
            raise _refuse(f"upprepa ett värde {count} gånger")
    integers = isinstance(left, int) and isinstance(right, int)
    if integers and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
        raise _refuse("multiplicera orimligt stora tal")


def _power(base: Any, exponent: Any) -> Any:
    integers = isinstance(base, int) and isinstance(exponent, int) and exponent > 0
    if integers and abs(base) > 1 and (base.bit_length() - 1 or 1) * exponent > MAX_POWER_BITS:
        raise _refuse(f"räkna ut en potens med exponenten {exponent}")
    try:
        return base**exponent
    except (OverflowError, ZeroDivisionError, ValueError):
        raise _refuse("räkna ut en potens som inte går att räkna ut") from None


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text) or _WIDE_BRACE.search(text):
        raise _refuse(f"formatera med en bredd över {MAX_WIDTH} tecken")


def _sized_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses a width over MAX_WIDTH and a result over MAX_LENGTH."""

    passes_context = hasattr(original, "jinja_pass_arg")

    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, *rest = args[1:] if passes_context else args
        if name in _WIDTH_FILTERS:  # center(width), indent(width), wordwrap(width)
            widths = [a for a in (*rest, *kwargs.values()) if isinstance(a, int | float)]
            if any(not math.isfinite(w) or abs(w) > MAX_WIDTH for w in widths):
                raise _refuse(f"använda filtret {name} med bredden {max(widths, key=abs)}")
        if name == "format" and isinstance(value, str):
            _check_format(value)
        return _bounded(original(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):  # keep @pass_eval_context and friends
        if hasattr(original, attribute):
            setattr(bounded, attribute, getattr(original, attribute))
    bounded.__name__ = getattr(original, "__name__", name)
    return bounded


# ----------------------------------------------------------------- spreadsheets

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> str:
    """Text as it may go into a cell: a string, with no character XML cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def put_text(cell: Any, value: Any) -> Any:
    """Store `value` in an openpyxl cell as text, never as a formula; returns the cell.

    openpyxl turns any string that starts with "=" into a formula. A text that
    could be read as one (= + - @ tab CR) is stored as a string cell with the
    quote prefix, which Excel and LibreOffice show as typed and never evaluate,
    not even when the cell is edited.
    """
    text = spreadsheet_text(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def neutralise_formulas(workbook: Any) -> None:
    """Make every text cell of a finished workbook plain text; reportgen writes no formulas.

    The writers store text with `put_text`; this pass makes sure a line that
    forgets it cannot let a typed name become a formula (openpyxl makes any
    string starting with "=" one) or be re-read as one when edited.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START)
                ):
                    put_text(cell, cell.value)
