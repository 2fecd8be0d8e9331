"""Builds Samordningsförbundet Västerås' Word templates: rapport.docx and uppfoljning.docx.

    python templates/vasteras/build_templates.py [MÅLMAPP]

Writes both templates into MÅLMAPP (default: this folder). The committed .docx
files are what this script makes; staff may then edit them in Word and check
them with `reportgen profil kontrollera templates/vasteras`. The report
template is Västerås' own (report_template.py); the compilation is reportgen's
follow-up memo for the association's office, the same layout for every
funder, so it is built with the builder beside Sundsvall's templates. Needs
reportgen installed (the shared styles in reportgen.render.word_styles).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report_template import TEMPLATE_NAME as REPORT_TEMPLATE  # noqa: E402
from report_template import build_report_template  # noqa: E402


def _compilation_builder() -> object:
    """reportgen's compilation memo builder, which lives beside Sundsvall's templates."""
    path = HERE.parent / "sundsvall" / "compilation_template.py"
    spec = importlib.util.spec_from_file_location("compilation_template", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else HERE
    compilation = _compilation_builder()
    for name, build in (
        (REPORT_TEMPLATE, build_report_template),
        (compilation.TEMPLATE_NAME, compilation.build_compilation_template),  # type: ignore[attr-defined]
    ):
        build(target / name)
        print(f"Skrev {target / name}")


if __name__ == "__main__":
    main()
