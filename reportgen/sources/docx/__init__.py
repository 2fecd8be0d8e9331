"""The Word reader: a submitted .docx report -> the report model (see `source`).

`blocks` reads the document body, `headings` and `layout` find the template's
sections, `labels` reads labelled values, and one module per part of the
template reads it: `intervention` (1, 2, staffing), `goals` (4.1), `economy`
(6), `signature` (7), `text` (free-text sections). `places` says where in the
document a value stood, for findings.
"""
