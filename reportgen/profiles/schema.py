"""The JSON Schema of profile.yaml, generated from the profile model and shipped.

`reportgen profil schema` prints it; `templates/profile.schema.json` is the
shipped copy that a profile.yaml can name for editor completion
(`# yaml-language-server: $schema=../profile.schema.json`). Loading validates
against the same models, so the schema and the loader cannot disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportgen.profile import Profile, templates_root

SCHEMA_FILE = "profile.schema.json"


def profile_schema() -> dict[str, Any]:
    schema = Profile.model_json_schema(by_alias=True, mode="validation")
    schema["properties"].pop("directory", None)
    # Class docstrings are English notes for developers; editors show descriptions as
    # hover help, so only the Swedish field descriptions are kept.
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition.pop("description", None)
    schema["description"] = (
        "Förbundsprofil för reportgen: rubriker, avsnitt och deras roller, etiketter, "
        "ekonomitabell, kontaktplatser, processtrappa och gränsvärden för ett förbunds mall."
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    return json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n"


def shipped_schema_path() -> Path:
    """Where the shipped copy lives, beside the installed profiles."""
    return templates_root() / SCHEMA_FILE
