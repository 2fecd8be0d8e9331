"""Fill a docxtpl template and write the result atomically.

Templates run in Jinja's SandboxedEnvironment with StrictUndefined: a template
from a funder's folder can neither reach Python internals nor silently print
nothing for a misspelt placeholder. Values are escaped (autoescape), and owner
text is data, never template source, so `{{` typed in insats.yaml is printed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import OutputExistsError, ProfileError
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
    env = _CompilingOnceEnvironment(
        undefined=StrictUndefined, autoescape=True, finalize=_none_as_empty
    )
    env.filters.update(
        belopp=format_amount,
        procent=format_percent,
        datum=format_date,
        period=format_period,
    )
    return env


def ensure_writable(output: Path, *, force: bool) -> None:
    """Refuse to overwrite unless asked: a report may have been edited by hand after building."""
    if output.exists() and not force:
        raise OutputExistsError(
            f"{output} finns redan. Ange --force för att skriva över den, "
            "eller -o för att välja ett annat filnamn."
        )
    if output.exists() and output.is_dir():
        raise OutputExistsError(f"{output} är en mapp. Ange ett filnamn med -o.")


def render_docx(template: Path, context: dict[str, Any], output: Path, *, force: bool) -> Path:
    """Render `template` with `context` into `output`; never leaves a half-written file."""
    ensure_writable(output, force=force)
    document = _template_class()(str(template))
    context = _with_images(context, document)
    try:
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        raise ProfileError(
            f"Mallen {template} använder en platshållare som reportgen inte känner till "
            f"({exc.message}). Rätta mallen eller bygg om den med "
            "'python -m reportgen.render.template_builder'."
        ) from None
    except TemplateError as exc:
        raise ProfileError(f"Mallen {template} innehåller ett mallfel: {exc}.") from None
    with atomic_output(output) as temporary:
        document.save(str(temporary))
    return output


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
    """Replace every ChartImage in the context by `{"bild": InlineImage, "text": caption}`.

    Images need the template object, which only exists here; keeping them as
    plain PNG bytes until now lets contexts be built (and pickled) anywhere.
    """
    from reportgen.render.charts import ChartImage

    if isinstance(value, ChartImage):
        import io

        from docx.shared import Cm

        from reportgen.render.alt_text import DescribedImage

        image = DescribedImage(
            document, io.BytesIO(value.png), width=Cm(value.width_cm), description=value.alt_text
        )
        return {"bild": image, "text": value.caption}
    if isinstance(value, dict):
        return {key: _with_images(item, document) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_images(item, document) for item in value]
    return value


@contextlib.contextmanager
def atomic_output(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside `output`; rename it into place only on success.

    A crash or Ctrl-C while writing leaves the old file (or none), never a
    truncated .docx that Word would refuse to open.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary: Path | None = None
    try:
        with _interrupts_deferred():
            handle, name = tempfile.mkstemp(
                prefix=f".{output.stem}.", suffix=".tmp", dir=output.parent
            )
            os.close(handle)
            temporary = Path(name)
        yield temporary
        # mkstemp creates 0600 files; a report is an ordinary document for colleagues too
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    finally:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM between creating the temporary file and owning it.

    An interrupt in that gap (inside mkstemp, say) would raise before the
    `finally` that removes the file is in force, and leave it behind; held
    signals are delivered as soon as the mask is restored, inside the `try`.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@cache
def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    with atomic_output(output) as temporary:
        write(temporary)
