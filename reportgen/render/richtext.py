"""docxtpl's RichText and RichTextParagraph, without importing docxtpl as a whole.

Contexts carry formatted text as docxtpl's RichText objects, but `import docxtpl`
runs its package __init__, which imports python-docx and its hundreds of XML
classes – a fifth of a one-off `reportgen build`, for two small classes that
import nothing. So the module file `docxtpl/richtext.py` is loaded on its own,
under its own name: the classes are docxtpl's very classes (a later `import
docxtpl` finds the module already loaded and uses it, so isinstance checks
agree), and the rendering path never imports python-docx.
"""

from __future__ import annotations

import importlib.util
import sys
from html import escape
from pathlib import Path
from types import ModuleType

__all__ = ["RichText", "RichTextParagraph", "run_text"]

_NAME = "docxtpl.richtext"


def _richtext_module() -> ModuleType:
    loaded = sys.modules.get(_NAME)
    if loaded is not None:
        return loaded
    package = importlib.util.find_spec("docxtpl")  # finds the package without running it
    if package is None or not package.submodule_search_locations:
        raise ImportError("docxtpl är inte installerat")
    location = Path(next(iter(package.submodule_search_locations))) / "richtext.py"
    spec = importlib.util.spec_from_file_location(_NAME, location)
    if spec is None or spec.loader is None:
        raise ImportError(f"{location} kunde inte läsas")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[_NAME]
        raise
    return module


_module = _richtext_module()
RichText = _module.RichText
RichTextParagraph = _module.RichTextParagraph


_RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
_BOLD_RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


def run_text(text: str, *, bold: bool = False) -> RichText:  # type: ignore[valid-type]
    """`RichText(text, bold=bold)` for a non-empty text, its XML written in one step: a
    statistics table has some 200 of them per report, and RichText's general `add` (every
    run property looked at) was a third of building the report's context."""
    if not text or text.__class__ is not str:
        return RichText(text, bold=bold)
    rich = RichText()
    rich.xml = (_BOLD_RUN if bold else _RUN).format(escape(text))
    return rich
