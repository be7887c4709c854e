"""OpenAPI post-processing: document the JSON error responses every operation can give."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", {**error, "description": "Invalid parameters"})
            responses.setdefault("404", {**error, "description": "Not found"})
    return result


def _choices(terms):
    return [(t.key, t.vi) for t in terms]


# Named enums for the two ``kind`` fields that would otherwise collide in the schema.
from documents.domain.vocabulary import BODY_KINDS, LOCALITY_KINDS  # noqa: E402

LOCALITY_KIND_CHOICES = _choices([term for term, _level in LOCALITY_KINDS])
BODY_KIND_CHOICES = _choices(BODY_KINDS)
