"""The UK profile's JSON Schemas, offline: every ``$ref`` to the profile's address is served
from the copies vendored in ``openreferral/spec`` (nothing is fetched)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import openreferral

SPEC = Path(openreferral.__file__).resolve().parent / "spec"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PAGE_KEYS = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}


@cache
def registry():
    resources = []
    for path in SPEC.rglob("*.json"):
        name = path.relative_to(SPEC).as_posix()
        if name == "openapi.json":
            continue
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((UPSTREAM + name, resource))
    return Registry().with_resources(resources)


@cache
def validator(name):
    """A validator (formats checked) for a schema by its path in the profile, e.g.
    ``compiled/service.json``."""
    return Draft202012Validator(
        {"$ref": UPSTREAM + name},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def validate(data, name):
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def validate_page(data, item_name):
    """A paged answer: the profile's Page fields, and each item against its schema."""
    for key, kind in PAGE_KEYS.items():
        assert isinstance(data[key], kind), key
    assert data["size"] == len(data["contents"])
    assert data["empty"] == (data["total_items"] == 0)
    for item in data["contents"]:
        validate(item, item_name)


def _inline(node, base):
    """``node`` with every ``$ref`` to a profile schema replaced by that schema itself."""
    if isinstance(node, list):
        return [_inline(item, base) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if ref and not ref.startswith("#"):
        name = ref.removeprefix(UPSTREAM) if ref.startswith(UPSTREAM) else base + ref
        contents = json.loads((SPEC / name).read_text())
        return _inline(contents, name.rpartition("/")[0] + "/" if "/" in name else "")
    return {key: _inline(value, base) for key, value in node.items()}


@cache
def openapi_offline():
    """The vendored ``openapi.json`` with the profile's schemas written in, so that a tool
    that follows ``$ref``s (schemathesis) never reaches for the network."""
    return _inline(json.loads((SPEC / "openapi.json").read_text()), "")
