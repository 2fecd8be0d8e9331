"""Fill a docxtpl template and write the result atomically.

Templates run in Jinja's SandboxedEnvironment with StrictUndefined: a template
from a funder's folder can neither reach Python internals nor silently print
nothing for a misspelt placeholder. Values are escaped (autoescape), and owner
text is data, never template source, so `{{` typed in insats.yaml is printed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import ProfileError
from reportgen.files import atomic_output, ensure_writable
from reportgen.formatting import format_amount, format_date, format_percent, format_period


def _none_as_empty(value: Any) -> Any:
    return "" if value is None else value


class _CompilingOnceEnvironment(SandboxedEnvironment):
    """Compiles each distinct template source once per process.

    docxtpl hands the whole document XML to `from_string` on every render, and
    compiling it is most of a render's time; the source is the same for every
    report made from one template, so a batch compiles it once per worker.
    Compiled templates are immutable, so sharing them cannot change output.
    """

    _compiled: dict[str, Template]

    def from_string(  # type: ignore[override]
        self,
        source: str | Any,
        globals: Any = None,
        template_class: Any = None,
    ) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self.__dict__.setdefault("_compiled", {})
        template = compiled.get(source)
        if template is None:
            if len(compiled) >= _COMPILED_LIMIT:
                compiled.pop(next(iter(compiled)))
            template = compiled[source] = super().from_string(source)
        return template


_COMPILED_LIMIT = 32  # a few templates × body, headers and footers


@cache
def jinja_environment() -> SandboxedEnvironment:
    """The one environment templates run in: sandboxed, strict, and with its work bounded.

    `BoundedSandbox` caps ranges, repetition, powers and string building and
    refuses include/import/extends (reportgen.render.sandbox), so even a broken
    or hostile template ends in a ProfileError, not a hang or an exhausted machine.
    """
    from reportgen.render.sandbox import BoundedSandbox

    class ReportEnvironment(_CompilingOnceEnvironment, BoundedSandbox):
        pass

    env = ReportEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_none_as_empty)
    env.filters.update(
        belopp=format_amount,
        procent=format_percent,
        datum=format_date,
        period=format_period,
    )
    return env


def render_docx(template: Path, context: dict[str, Any], output: Path, *, force: bool) -> Path:
    """Render `template` with `context` into `output`; never leaves a half-written file.

    The template is prepared once per process (render/template_cache.py) and filled
    per report (render/fill.py); a template using what only docxtpl handles (tags
    in footnotes) is rendered by docxtpl itself.
    """
    from reportgen.render.fill import fill_template
    from reportgen.render.pictures import PictureError
    from reportgen.render.template_cache import Unsupported, prepared_template

    ensure_writable(output, force=force)
    try:
        prepared = prepared_template(template, jinja_environment())
        content = fill_template(prepared, context)
    except Unsupported:
        return _render_with_docxtpl(template, context, output)
    except UndefinedError as exc:
        raise _unknown_placeholder(template, exc) from None
    except TemplateError as exc:
        raise ProfileError(f"Mallen {template} innehåller ett mallfel: {exc}.") from None
    except PictureError as exc:
        raise ProfileError(f"Mallen {template} kan inte visa diagrammen: {exc}.") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ProfileError(
            f"Mallen {template} kunde inte läsas som ett Word-dokument ({exc}). "
            f"Kontrollera filen eller {rebuild_hint(template)}."
        ) from None
    with atomic_output(output) as temporary:
        temporary.write_bytes(content)
    return output


def _render_with_docxtpl(template: Path, context: dict[str, Any], output: Path) -> Path:
    """docxtpl's own rendering, for templates render/fill.py does not handle."""
    document = _template_class()(str(template))
    context = _with_images(context, document)
    try:
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        raise _unknown_placeholder(template, exc) from None
    except TemplateError as exc:
        raise ProfileError(f"Mallen {template} innehåller ett mallfel: {exc}.") from None
    with atomic_output(output) as temporary:
        document.save(str(temporary))
    return output


def _unknown_placeholder(template: Path, exc: UndefinedError) -> ProfileError:
    return ProfileError(
        f"Mallen {template} använder en platshållare som reportgen inte känner till "
        f"({exc.message}). Rätta mallen eller {rebuild_hint(template)}."
    )


TEMPLATE_BUILDER = "build_templates.py"
"""A funder's template builder, beside its templates (templates/sundsvall/build_templates.py)."""


def rebuild_hint(template: Path) -> str:
    """How to rebuild `template`: with its funder's own builder when the folder has one."""
    builder = template.parent / TEMPLATE_BUILDER
    if builder.is_file():
        return f"bygg om den med 'python {builder}'"
    return f"bygg om den med förbundets mallbyggare ({TEMPLATE_BUILDER} i förbundets mapp)"


@cache
def _template_class() -> type:
    """DocxTemplate whose XML clean-up (`patch_xml`) runs once per distinct template part.

    The clean-up is a pure function of the template's XML and costs as much as
    the rest of a render; remembering it per process keeps batch runs fast.
    """
    from docxtpl import DocxTemplate

    class PatchingOnceTemplate(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            return _patched_xml(src_xml, super().patch_xml)

    return PatchingOnceTemplate


_PATCHED: dict[str, str] = {}


def _patched_xml(source: str, patch: Callable[[str], str]) -> str:
    patched = _PATCHED.get(source)
    if patched is None:
        if len(_PATCHED) >= _COMPILED_LIMIT:
            _PATCHED.pop(next(iter(_PATCHED)))
        patched = _PATCHED[source] = patch(source)
    return patched


def _with_images(value: Any, document: Any) -> Any:
    """Replace every ChartImage in the context by `{"bild": chart drawing, "text": caption}`.

    Charts need the template object, which only exists here; keeping them as plain
    data until now lets contexts be built (and pickled) anywhere.
    """
    from reportgen.render.charts import ChartImage

    if isinstance(value, ChartImage):
        return {"bild": _ChartDrawing(document, value), "text": value.caption}
    if isinstance(value, dict):
        return {key: _with_images(item, document) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_images(item, document) for item in value]
    return value


class _ChartDrawing:
    """A native chart printed by docxtpl, as render/pictures.py prints it for reportgen's
    own renderer: a new chart part related to the part being rendered, and its drawing."""

    def __init__(self, document: Any, chart: Any) -> None:
        self.document, self.chart = document, chart

    def __html__(self) -> str:
        from docx.opc.part import Part

        from reportgen.render.chart_xml import CHART_CONTENT_TYPE, CHART_REL
        from reportgen.render.pictures import CHART_PART, drawing_run, inline_xml

        part = self.document.current_rendering_part
        name = part.package.next_partname("/" + CHART_PART.format("%d"))
        chart_part = Part(name, CHART_CONTENT_TYPE, self.chart.xml, part.package)
        rid = part.relate_to(chart_part, CHART_REL)
        return drawing_run(inline_xml(self.chart, rid, part.next_id))

    def __str__(self) -> str:
        return self.__html__()
