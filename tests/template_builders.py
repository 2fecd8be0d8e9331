"""Sundsvall's template builders, loaded from templates/sundsvall/ where they live.

They are scripts beside the templates, not modules of the package, so tests
load them by path (`python templates/sundsvall/build_templates.py` runs them).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

BUILDERS = Path(__file__).resolve().parents[1] / "templates" / "sundsvall"
BUILD_SCRIPT = BUILDERS / "build_templates.py"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"sundsvall_{name}", BUILDERS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_report_template: Callable[[Path], None] = _load("report_template").build_report_template
build_compilation_template: Callable[[Path], None] = _load(
    "compilation_template"
).build_compilation_template
