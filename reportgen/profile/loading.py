"""Loading a profile folder: by id for an owner's `förbund:`, by folder for the operator.

Validation is the schema (`reportgen.profile.model`) plus what a schema cannot
say (ids unique, one section per role, the labels each role needs, templates
inside the folder); every problem names the line of profile.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reportgen.errors import ProfileError
from reportgen.formatting import printable
from reportgen.profile.model import DEFAULT_PROFILE, LABELS_FOR_ROLE, Profile, Role
from reportgen.profile.search import PROFILE_FILE, profile_folders, templates_root
from reportgen.profile.stored import StoredProfile


def available_profiles() -> list[str]:
    """The ids of every profile found: the operator's folders and the installed ones."""
    return sorted(profile_folders())


PROFILE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
"""What `förbund:` may say: the folder name of an installed profile, never a path."""


def load_profile(profile_id: str) -> Profile:
    """Load a profile by its id (`sundsvall`), as insats.yaml names it.

    The id is a name, never a path: an owner's YAML can only choose among the
    profiles the operator made available (installed, $REPORTGEN_MALLAR,
    $REPORTGEN_PROFILER or --profiler), so it can neither bring its own template
    nor silence the rules with its own profile.
    """
    if not isinstance(profile_id, str) or not PROFILE_ID.fullmatch(profile_id):
        known = _known()
        if isinstance(profile_id, str) and re.fullmatch(r"\w[\w-]{0,39}", profile_id):
            raise ProfileError(  # a word, but not one an installed profile can have ("göteborg")
                f"Förbundsprofilen '{profile_id}' finns inte. Kända profiler: {known}. Ange en "
                "av dem under 'förbund:' i insats.yaml."
            )
        raise ProfileError(
            f"'{printable(profile_id, 40)}' är inget namn på en förbundsprofil. Ange namnet på "
            f"en installerad profil under 'förbund:' (små bokstäver, siffror och bindestreck), "
            f"t.ex. {DEFAULT_PROFILE}. Kända profiler: {known}."
        )
    folder = profile_folders().get(profile_id)
    if folder is None:
        known = _known()
        raise ProfileError(
            f"Förbundsprofilen '{profile_id}' finns inte (letade i {templates_root()}). "
            f"Kända profiler: {known}. Ange en av dem under 'förbund:' i insats.yaml."
        )
    return _load_profile_dir(folder)


def _known() -> str:
    """The known ids for a message: listed only when one is needed (a folder scan)."""
    return ", ".join(available_profiles()) or "inga"


def load_profile_dir(directory: Path) -> Profile:
    """Load the profile in `directory`: for the operator (a command-line option), not for YAML."""
    return _load_profile_dir(directory.resolve())


def yaml_key(loc: tuple[Any, ...]) -> str:
    """A validation error's place as the YAML line map names it: `sektioner[3].rubrik`."""
    key = ""
    for part in loc:
        key = f"{key}[{part + 1}]" if isinstance(part, int) else (f"{key}.{part}" if key else part)
    return key


@cache
def _load_profile_dir(directory: Path) -> Profile:
    path = directory / PROFILE_FILE
    if not path.is_file():
        known = ", ".join(available_profiles()) or "inga"
        raise ProfileError(
            f"Förbundsprofilen '{directory.name}' finns inte (letade efter {path}). "
            f"Kända profiler: {known}."
        )
    stored = StoredProfile(path)
    values = stored.values()
    if values is not None:  # parsed before: validated again, without the YAML parser
        try:
            profile = Profile.model_validate({**values, "directory": directory})
            _check_consistency(profile, path, {})
            return profile
        except (ValidationError, ProfileError):
            pass  # read it again below, for the message with its line
    profile, data = _read_profile(directory, path)
    stored.keep(data)
    return profile


def _read_profile(directory: Path, path: Path) -> tuple[Profile, Any]:
    """The validated profile and the parsed values of its profile.yaml."""
    from reportgen.yamlio import YamlReadError, read_yaml_file

    try:
        loaded = read_yaml_file(path)
    except YamlReadError as exc:
        problem = exc.problems[0]
        where = f"{path}:{problem.line}" if problem.line else str(path)
        raise ProfileError(f"{where}: förbundsprofilen {problem.message}") from None
    data: Any = loaded.data
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: förbundsprofilen måste vara en YAML-mappning.")
    try:
        profile = Profile.model_validate({**data, "directory": directory})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = yaml_key(first["loc"])
        line = _line_of(loaded.lines, key)
        where = f"{path}:{line}" if line else str(path)
        raise ProfileError(
            f"{where}: förbundsprofilen är ogiltig vid '{key}': {first['msg']}. "
            "Se 'reportgen profil schema'."
        ) from None
    _check_consistency(profile, path, loaded.lines)
    return profile, data


def _line_of(lines: dict[str, int], key: str) -> int | None:
    """The line of `key`, or of the nearest parent that the file has."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0] if "." in key else key.rpartition("[")[0]
    return None


def _check_consistency(profile: Profile, path: Path, lines: dict[str, int]) -> None:
    """What the schema cannot say: ids unique, roles once, labels for the roles, files inside."""

    def fail(key: str, message: str) -> None:
        line = _line_of(lines, key)
        raise ProfileError(f"{path}:{line or 1}: förbundsprofilen: {message}")

    seen: set[str] = set()
    for index, section in enumerate(profile.sections, start=1):
        if section.id in seen:
            fail(f"sektioner[{index}].id", f"avsnittet '{section.id}' finns två gånger.")
        seen.add(section.id)
        for kind in section.required_for:
            if kind not in profile.titles:
                fail(
                    f"sektioner[{index}].krävs",
                    f"rapporttypen '{kind}' under krävs finns inte under titlar "
                    f"({', '.join(profile.titles)}).",
                )
    for role in Role:
        holders = [s.id for s in profile.sections if role in s.roles]
        if len(holders) > 1:
            fail("sektioner", f"rollen '{role}' har flera avsnitt ({', '.join(holders)}).")
        if holders:
            missing = [k for k in LABELS_FOR_ROLE.get(role, ()) if k not in profile.labels]
            if missing:
                fail(
                    "etiketter",
                    f"etiketter saknar {', '.join(missing)}, som avsnitt {holders[0]} "
                    f"({role}) behöver.",
                )
    if profile.section_for(Role.CONTACTS) is not None and profile.contact_slots is None:
        fail("sektioner", "kontaktplatser saknas: ange hur många kontaktplatser mallen har.")
    for template in (profile.template_path, profile.compilation_template_path):
        if template is not None and not template.resolve().is_relative_to(profile.directory):
            fail(
                "mall",
                f"mallen {template} ligger utanför profilens mapp. Lägg mallarna i samma "
                "mapp som profile.yaml.",
            )
    if not profile.template_path.is_file():
        raise ProfileError(
            f"Förbundsprofilen '{profile.id}' pekar på mallen {profile.template_path}, "
            "som inte finns."
        )
