"""PDF from the rendered Word files: tagged PDF/UA in Swedish, made by warm LibreOffice workers.

`PdfPool` is what `build --pdf`, `batch --pdf` and the web service use; `convert_to_pdf`
converts one file with a one-worker pool. Without UNO both fall back to `convert_once`
(one `soffice --convert-to` per file, same options, but charts without alt text).
"""

from reportgen.pdf.convert import (
    ConversionError,
    ConversionResult,
    convert_once,
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
    "convert_once",
    "convert_to_pdf",
    "find_soffice",
    "require_soffice",
    "uno_python",
]
