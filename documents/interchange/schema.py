"""The format's identity and its JSON Schema.

There is one copy of the schema: ``docs/interchange.schema.json``, the file shipped to users.
The importer validates against that same file, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

FORMAT = "vn-personnel-policy-catalogue"
VERSION = 1
SUPPORTED_VERSIONS = (1,)

#: The top-level collections, in the order they appear in a file (and are imported).
COLLECTIONS = (
    "localities",
    "bodies",
    "people",
    "topics",
    "indicators",
    "sources",
    "documents",
    "links",
    "figures",
    "events",
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "interchange.schema.json"


@lru_cache(maxsize=1)
def load_schema() -> dict:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# --- a fast gate in front of jsonschema -----------------------------------------------------
#
# ``jsonschema`` is the authority (it produces every reported error), but it needs ~0.3–1 ms per
# document, too slow for 100.000 documents. So each item is first checked by a predicate compiled
# from the same schema file; only items the predicate rejects are handed to ``jsonschema`` for
# their error messages. The predicate understands exactly the keywords the schema uses and refuses
# to compile anything else, so a schema edit can never be silently ignored; tests check that it
# agrees with ``jsonschema`` on valid and mutated items.

_JSON_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_ANNOTATIONS = {"title", "description", "$schema", "$id", "$defs"}


def _unique_strings(value: list) -> bool:
    if not all(isinstance(v, str) for v in value):
        return False  # undecided here: let jsonschema judge
    return len(set(value)) == len(value)


def compile_predicate(node: dict, defs: dict, cache: dict | None = None):
    """A function ``value -> bool`` equivalent to validating *value* against *node*."""
    cache = {} if cache is None else cache
    node = {k: v for k, v in node.items() if k not in _ANNOTATIONS}
    # the common shapes get one specialised function each (this is the hot path)
    if set(node) == {"$ref"}:
        return _ref_predicate(node["$ref"], defs, cache)
    if set(node) == {"anyOf"} and len(node["anyOf"]) == 2 and {"type": "null"} in node["anyOf"]:
        other = compile_predicate(
            next(s for s in node["anyOf"] if s != {"type": "null"}), defs, cache
        )
        return lambda v: v is None or other(v)
    if node.get("type") == "object" and node.get("additionalProperties") is False and set(
        node
    ) <= {"type", "additionalProperties", "required", "properties"}:
        props = {k: compile_predicate(s, defs, cache) for k, s in node["properties"].items()}
        known = frozenset(props)
        required = tuple(node.get("required", ()))

        def check_object(v):
            if type(v) is not dict or not v.keys() <= known:
                return False
            for k in required:
                if k not in v:
                    return False
            for k, item in v.items():  # noqa: SIM110 (a plain loop is faster here)
                if not props[k](item):
                    return False
            return True

        return check_object
    if node.get("type") == "string" and set(node) <= {"type", "maxLength", "minLength"}:
        low, high = node.get("minLength", 0), node.get("maxLength", float("inf"))
        if set(node) == {"type"}:
            return lambda v: type(v) is str
        return lambda v: type(v) is str and low <= len(v) <= high
    if node.get("type") == "string" and set(node) in ({"type", "pattern"},
                                                      {"type", "pattern", "maxLength"}):
        search, high = re.compile(node["pattern"]).search, node.get("maxLength", float("inf"))
        return lambda v: type(v) is str and len(v) <= high and search(v) is not None
    if node == {"type": "boolean"}:
        return lambda v: type(v) is bool
    if node.get("type") == "integer" and set(node) == {"type", "minimum", "maximum"}:
        low, high = node["minimum"], node["maximum"]
        return lambda v: (type(v) is int or (type(v) is float and v.is_integer())) and (
            low <= v <= high)
    if node.get("type") == "array" and set(node) in ({"type", "items"},
                                                     {"type", "items", "uniqueItems"}):
        item = compile_predicate(node["items"], defs, cache)
        unique = node.get("uniqueItems", False)

        def check_array(v):
            if type(v) is not list:
                return False
            for x in v:  # noqa: SIM110 (a plain loop is faster here)
                if not item(x):
                    return False
            return not unique or _unique_strings(v)

        return check_array
    if node.get("type") == "string" and set(node) == {"type", "enum"}:
        allowed = frozenset(node["enum"])
        return lambda v: type(v) is str and v in allowed
    checks = [_keyword_predicate(key, arg, node, defs, cache) for key, arg in node.items()]
    checks = [c for c in checks if c is not None]
    return lambda v: all(c(v) for c in checks)


def _ref_predicate(ref: str, defs: dict, cache: dict):
    name = ref.removeprefix("#/$defs/")
    if name == ref or name not in defs:
        raise ValueError(f"unsupported $ref {ref!r}")
    if name not in cache:
        cache[name] = None  # recursion guard; filled below
        cache[name] = compile_predicate(defs[name], defs, cache)
    return cache[name] or (lambda v: cache[name](v))


def _keyword_predicate(key: str, arg, node: dict, defs: dict, cache: dict):
    if key == "type":
        tests = [_JSON_TYPES[t] for t in (arg if isinstance(arg, list) else [arg])]
        return lambda v: any(t(v) for t in tests)
    if key == "enum":
        allowed = set(arg)
        return lambda v: isinstance(v, str) and v in allowed
    if key == "const":
        return lambda v: v == arg and type(v) is type(arg)
    if key == "pattern":
        rx = re.compile(arg)
        return lambda v: not isinstance(v, str) or rx.search(v) is not None
    if key == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= arg
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= arg
    if key == "minimum":
        return lambda v: not _JSON_TYPES["integer"](v) or v >= arg
    if key == "maximum":
        return lambda v: not _JSON_TYPES["integer"](v) or v <= arg
    if key == "required":
        return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
    if key == "properties":
        props = {k: compile_predicate(s, defs, cache) for k, s in arg.items()}
        return lambda v: not isinstance(v, dict) or all(
            props[k](v[k]) for k in props.keys() & v.keys()
        )
    if key == "additionalProperties":
        if arg is not False:
            raise ValueError("only additionalProperties: false is supported")
        known = frozenset(node.get("properties", {}))
        return lambda v: not isinstance(v, dict) or v.keys() <= known
    if key == "items":
        item = compile_predicate(arg, defs, cache)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    if key == "uniqueItems":
        return (lambda v: not isinstance(v, list) or _unique_strings(v)) if arg else None
    if key == "$ref":
        return _ref_predicate(arg, defs, cache)
    if key in ("anyOf", "allOf"):
        subs = [compile_predicate(s, defs, cache) for s in arg]
        combine = any if key == "anyOf" else all
        return lambda v: combine(s(v) for s in subs)
    raise ValueError(f"the fast check does not know the keyword {key!r}")


@cache
def item_predicate(definition: str):
    """The fast predicate for one item kind (``"document"``, ``"link"``…)."""
    schema = load_schema()
    return compile_predicate({"$ref": f"#/$defs/{definition}"}, schema["$defs"])


@cache
def item_validator(definition: str) -> Draft202012Validator:
    """A ``jsonschema`` validator for one item kind (used for its error messages)."""
    schema = load_schema()
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


ITEM_DEFINITIONS = {
    "localities": "locality",
    "bodies": "body",
    "people": "person",
    "topics": "topic",
    "indicators": "indicator",
    "sources": "source",
    "documents": "document",
    "links": "link",
    "figures": "figure",
    "events": "event",
}


def iter_schema_errors(data: dict):
    """``(path, error)`` for every schema error of *data*: the top level with ``jsonschema``,
    each item with the fast predicate and, when that rejects it, with ``jsonschema``."""
    top = {k: [] if k in ITEM_DEFINITIONS and isinstance(v, list) else v for k, v in data.items()}
    for error in validator().iter_errors(top):
        yield list(error.absolute_path), error
    for name, definition in ITEM_DEFINITIONS.items():
        items = data.get(name)
        if not isinstance(items, list):
            continue
        fast = item_predicate(definition)
        slow = item_validator(definition)
        for i, item in enumerate(items):
            if fast(item):
                continue
            for error in slow.iter_errors(item):
                yield [name, i, *error.absolute_path], error
