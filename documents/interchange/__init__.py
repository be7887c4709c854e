"""The dataset interchange format: a documented, versioned JSON file holding the whole
catalogue (see ``docs/INTERCHANGE.md`` and ``docs/interchange.schema.json``).

- :mod:`.schema`: the format's name, version and JSON Schema (loaded from ``docs/``).
- :mod:`.export`: :func:`build_dataset` and :func:`dumps` (deterministic output).
- :mod:`.importer`: :func:`import_dataset`, which checks everything before writing, in four
  steps: :mod:`.reading` (the file -> parsed JSON), :mod:`.checking` and
  :mod:`.checking_documents` (every rule -> a :class:`~.plan.Plan`, or every problem:
  :mod:`.problems`), :mod:`.merging` (the plan against the database: kept, filled, replaced
  or in conflict, :mod:`.changes`; :mod:`.stored_values`), :mod:`.writing` and
  :mod:`.writing_documents` (the merged plan, in one transaction; :mod:`.bulk` inserts the new
  objects). :mod:`.stored` reads the database once.
"""

from .schema import FORMAT, VERSION

__all__ = ["FORMAT", "VERSION"]
