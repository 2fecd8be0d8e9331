"""Rules of this family; see reportgen/checks/registry.py."""
