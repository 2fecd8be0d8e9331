"""PDF from the rendered Word files: tagged PDF/UA in Swedish, made by warm LibreOffice workers.

`PdfPool` is what `build --pdf`, `batch --pdf` and the web service use; without UNO it
falls back to `convert_to_pdf` (one LibreOffice start per file, same options).
"""

from reportgen.pdf.convert import (
    ConversionError,
    ConversionResult,
    convert_to_pdf,
    find_soffice,
    require_soffice,
)
from reportgen.pdf.options import PdfOptions
from reportgen.pdf.pool import PdfPool, uno_python

__all__ = [
    "ConversionError",
    "ConversionResult",
    "PdfOptions",
    "PdfPool",
    "convert_to_pdf",
    "find_soffice",
    "require_soffice",
    "uno_python",
]
