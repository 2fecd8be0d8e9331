"""What every PDF reportgen writes must be: tagged, PDF/UA, optionally PDF/A-2, fetching nothing.

Board papers are published, and Swedish public bodies must publish accessible
documents (lagen om tillgänglighet till digital offentlig service). LibreOffice's
`writer_pdf_Export` filter writes a structure tree (headings become H1/H2, tables
TH/TD, images Figure with their `descr` as /Alt) when asked for a tagged PDF; the
language comes from the template's styles and the title from the .docx core
properties. The same options go to the one-shot converter (as the JSON that
`soffice --convert-to 'pdf:writer_pdf_Export:{...}'` takes since LibreOffice 7.4)
and to the warm pool (as UNO FilterData), so both paths give the same PDF.

The LibreOffice profile settings below keep a conversion from fetching anything: a
.docx can link an image by URL (`r:link`, TargetMode="External") or by a local
path outside the document, and LibreOffice loads those while laying out the page.
With `BlockUntrustedRefererLinks` ("stealth mode") it loads no linked resource for
a document from an untrusted location, and no location is trusted in our profiles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

FILTER_NAME = "writer_pdf_Export"
PDFA_2 = 2  # SelectPdfVersion: 0 = PDF 1.x, 1 = PDF/A-1b, 2 = PDF/A-2b, 3 = PDF/A-3b


@dataclass(frozen=True)
class PdfOptions:
    """How to export; `pdfa` adds PDF/A-2 for archiving (the diarium) to the tagged PDF/UA."""

    pdfa: bool = False

    def filter_data(self) -> dict[str, bool | int]:
        data: dict[str, bool | int] = {
            "UseTaggedPDF": True,
            "PDFUACompliance": True,
            "ExportBookmarks": True,
            "ExportNotes": False,
            "ExportFormFields": False,
        }
        if self.pdfa:
            data["SelectPdfVersion"] = PDFA_2
        return data

    def convert_to_argument(self) -> str:
        """`pdf:writer_pdf_Export:{json}` for `soffice --convert-to` (LibreOffice ≥ 7.4)."""
        typed = {
            name: {
                "type": "boolean" if isinstance(value, bool) else "long",
                "value": str(value).lower() if isinstance(value, bool) else str(value),
            }
            for name, value in self.filter_data().items()
        }
        return f"pdf:{FILTER_NAME}:{json.dumps(typed, separators=(',', ':'))}"


DEFAULT_OPTIONS = PdfOptions()

# (configuration path, property, XML schema type, value)
_PROFILE_SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    # No linked image, OLE object or graphic is loaded for an untrusted document.
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "BlockUntrustedRefererLinks",
        "xs:boolean",
        "true",
    ),
    # Macros never run (a .docx has none, but a renamed .docm would).
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "xs:int", "3"),
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "DisableMacrosExecution",
        "xs:boolean",
        "true",
    ),
    # Writer never updates links (0 = never) – no INCLUDETEXT/INCLUDEPICTURE or DDE refresh.
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "xs:int", "0"),
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "xs:boolean", "false"),
    ("/org.openoffice.Office.Writer/Content/Update", "Chart", "xs:boolean", "false"),
    # Nothing that phones home on a first start.
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "xs:boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "xs:boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "CrashReport", "xs:boolean", "false"),
    ("/org.openoffice.Office.Update/Update", "Enabled", "xs:boolean", "false"),
)


def write_profile(profile: Path) -> None:
    """Prepare a fresh LibreOffice user profile that loads nothing from outside a document."""
    items = "\n".join(
        f'<item oor:path="{escape(path)}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, _type, value in _PROFILE_SETTINGS
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n",
        encoding="utf-8",
    )
