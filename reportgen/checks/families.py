"""Imports every rule module so that their rules are registered.

Add a new family module here; nothing else needs to know about it.
"""

from reportgen.checks import budget, data, goals, period, sections, signature  # noqa: F401

# Codes the Word reader reports while reading (S003 …), so `reportgen regler` lists them.
from reportgen.sources import docx_rules  # noqa: F401
