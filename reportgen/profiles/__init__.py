"""Tools for funder profile folders: the JSON Schema, the listing, checking and copying.

`reportgen profil schema|lista|kontrollera|ny` are built from here. The
profile model, its loading and where profiles are found are `reportgen.profile`;
this package sits above the pipeline because checking a profile means building
its examples with its templates.
"""
