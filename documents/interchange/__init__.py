"""The dataset interchange format: a documented, versioned JSON file holding the whole
catalogue (see ``docs/INTERCHANGE.md`` and ``docs/interchange.schema.json``).

- :mod:`.schema`: the format's name, version and JSON Schema (loaded from ``docs/``).
- :mod:`.export`: :func:`build_dataset` and :func:`dumps` (deterministic output).
- :mod:`.importer`: :func:`import_dataset`, which validates everything before writing.
"""

from .schema import FORMAT, VERSION

__all__ = ["FORMAT", "VERSION"]
