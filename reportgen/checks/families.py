"""Imports every rule module so that their rules are registered.

Add a new family module here; nothing else needs to know about it.
"""

from reportgen.checks import budget, data, goals, period, sections, signature  # noqa: F401
