"""Funder profiles: what a funder's report template contains.

A profile (`templates/<id>/profile.yaml`) is the one place that lists the
sections with their verbatim headings, which sections each report kind
requires, the cost rows of the economy table, the contact slots, the process
ladder and the check thresholds. Rendering, the Word reader and every rule read
it, so nothing else hard-codes a heading or a section number.

Code asks for a section by what it holds – its role: the goals, the economy,
the contacts, the signature, the statistics, the appendices – never by its
number (`Profile.section_for(Role.GOALS)`). A section's role is stated in
profile.yaml (`roll:`) or follows from the insats.yaml key it answers
(`falt: [mål]` holds the goals). One funder numbers its sections "1.", "4.1";
another has unnumbered headings (a section id that is no number, such as
`forsorjning`, is a name only and never printed).

The models here are the profile's schema: `reportgen profil schema` prints
them as JSON Schema, and loading validates against them, so a missing label
fails at load time with its line. The models are in `reportgen.profile.model`,
loading in `reportgen.profile.loading`, where profiles are found in
`reportgen.profile.search`; this module is the one import the rest of
reportgen uses.
"""

from __future__ import annotations

from reportgen.profile.loading import (
    PROFILE_ID,
    available_profiles,
    load_profile,
    load_profile_dir,
    yaml_key,
)
from reportgen.profile.model import (
    DEFAULT_PROFILE,
    LABELS_FOR_ROLE,
    ROLE_OF_FIELD,
    CostCategory,
    EconomyTable,
    Ladder,
    Profile,
    ReadingVariants,
    Role,
    Section,
    Thresholds,
)
from reportgen.profile.search import (
    OPERATOR_ENV,
    TEMPLATES_ENV,
    add_operator_folders,
    templates_root,
)

__all__ = [
    "DEFAULT_PROFILE",
    "LABELS_FOR_ROLE",
    "OPERATOR_ENV",
    "PROFILE_ID",
    "ROLE_OF_FIELD",
    "TEMPLATES_ENV",
    "CostCategory",
    "EconomyTable",
    "Ladder",
    "Profile",
    "ReadingVariants",
    "Role",
    "Section",
    "Thresholds",
    "add_operator_folders",
    "available_profiles",
    "load_profile",
    "load_profile_dir",
    "templates_root",
    "yaml_key",
]
