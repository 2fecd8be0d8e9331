"""Fill a docxtpl template and write the result atomically.

Templates run in Jinja's SandboxedEnvironment with StrictUndefined: a template
from a funder's folder can neither reach Python internals nor silently print
nothing for a misspelt placeholder. Values are escaped (autoescape), and owner
text is data, never template source, so `{{` typed in insats.yaml is printed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import OutputExistsError, ProfileError
from reportgen.formatting import format_amount, format_date, format_percent, format_period


def _none_as_empty(value: Any) -> Any:
    return "" if value is None else value


@cache
def jinja_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_none_as_empty)
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
    from docxtpl import DocxTemplate

    ensure_writable(output, force=force)
    document = DocxTemplate(str(template))
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


def _with_images(value: Any, document: Any) -> Any:
    """Replace every ChartImage in the context by `{"bild": InlineImage, "text": caption}`.

    Images need the template object, which only exists here; keeping them as
    plain PNG bytes until now lets contexts be built (and pickled) anywhere.
    """
    from reportgen.render.charts import ChartImage

    if isinstance(value, ChartImage):
        import io

        from docx.shared import Cm
        from docxtpl import InlineImage

        image = InlineImage(document, io.BytesIO(value.png), width=Cm(value.width_cm))
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
    handle, name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".tmp", dir=output.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp creates 0600 files; a report is an ordinary document for colleagues too
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


@cache
def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    with atomic_output(output) as temporary:
        write(temporary)
