"""Builds Samordningsförbundet Sundsvall's Word templates: rapport.docx and uppfoljning.docx.

    python templates/sundsvall/build_templates.py [MÅLMAPP]

Writes both templates into MÅLMAPP (default: this folder). The committed .docx
files are what this script makes; staff may then restyle them in Word. The
script is a tool for the funder's folder, not part of reportgen: reportgen
only reads the finished templates. It needs reportgen installed (for the
shared styles in reportgen.render.word_styles and the compilation's table
layouts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from compilation_template import TEMPLATE_NAME as COMPILATION_TEMPLATE
from compilation_template import build_compilation_template
from report_template import TEMPLATE_NAME as REPORT_TEMPLATE
from report_template import build_report_template

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else HERE
    for name, build in (
        (REPORT_TEMPLATE, build_report_template),
        (COMPILATION_TEMPLATE, build_compilation_template),
    ):
        build(target / name)
        print(f"Skrev {target / name}")


if __name__ == "__main__":
    main()
