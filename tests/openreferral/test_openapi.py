"""schemathesis runs the profile's own openapi.json against the live test server: for every
operation, generated requests (odd parameters included) get no server error, and every
documented answer matches its schema."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.openapi import from_dict
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.conftest import build_tree
from tests.partners.conftest import build_partner_site

from .schemas import openapi_offline

# The live server is another thread, so the data must be committed: a transactional test, with
# the migrated contents (Wagtail's root page, Moderators group...) put back around it, as the
# browser tests do.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def test_the_api_keeps_to_the_profiles_openapi(live_server):
    build_partner_site(build_tree())
    spec = copy.deepcopy(openapi_offline())
    # The profile gives start_time and end_time the type "time", which JSON Schema does not
    # have: they are strings in the time format, as the API reads them.
    for name in ("start_time", "end_time"):
        spec["components"]["parameters"][name]["schema"] = {"type": "string", "format": "time"}
    base_url = f"{live_server.url}/openreferral"
    spec["servers"] = [{"url": base_url}]
    schema = from_dict(spec)
    schema.config.update(base_url=base_url)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:

        @settings(
            max_examples=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(base_url=base_url, checks=CHECKS)

        check()
