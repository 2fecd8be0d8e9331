"""Rendering: report model -> plain context -> Word (and charts, PDF)."""
