"""Funder profiles as folders: where they are found, their schema, and `reportgen profil`.

The profile model itself is `reportgen.profile`; this package holds what works
on profile folders: the search path (`search`), the JSON Schema (`schema`),
the listing with content versions (`catalog`), `profil kontrollera`
(`inspection`) and `profil ny` (`create`).
"""
