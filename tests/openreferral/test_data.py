"""Every answer validates against the profile's schemas for the demo site, and for
organisations and offers with odd text made up by hypothesis."""

import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import EventPage
from openreferral import ids
from partners.factories import OfferFactory, OrganisationPageFactory
from partners.models import Offer, OrganisationPage, ProjectPage
from tests.conftest import build_tree

from .schemas import validate, validate_page

pytestmark = pytest.mark.django_db
API = "/openreferral/"
LISTS = {
    "services": "compiled/service_list.json",
    "service_at_locations": "compiled/service_at_location_list.json",
    "organizations": "compiled/organization_list.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def fetch(client, url):
    response = client.get(API + url)
    assert response.status_code == 200, (url, response.content[:300])
    return json.loads(response.content)


def test_the_demo_site(client, settings, tmp_path):
    """Every list and every service and organisation of the demo validates, and none of the
    demo's private contact details is served."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    private = {
        *OrganisationPage.objects.exclude(private_contact_email="").values_list(
            "private_contact_email", flat=True
        ),
        *EventPage.objects.exclude(contact_email="").values_list("contact_email", flat=True),
        *get_user_model().objects.exclude(email="").values_list("email", flat=True),
    }
    assert private
    answers = []

    def get(client, url):
        data = fetch(client, url)
        answers.append(json.dumps(data, ensure_ascii=False))
        return data

    for name, schema in LISTS.items():
        page = get(client, f"{name}?per_page=200")
        validate_page(page, schema)
        assert page["total_items"] > 0, name
    near = get(client, "service_at_locations?postcode=SN10+1AB&proximity=16000&per_page=200")
    validate_page(near, LISTS["service_at_locations"])
    assert near["total_items"] > 0
    for item in get(client, "services?per_page=200")["contents"]:
        validate(get(client, f"services/{item['id']}"), "compiled/service.json")
    for item in get(client, "organizations?per_page=200")["contents"]:
        validate(get(client, f"organizations/{item['id']}"), "compiled/organization.json")
    served = get(client, "services?per_page=200")["total_items"]
    assert (
        served
        == Offer.objects.public().count()
        + ProjectPage.objects.live().filter(status="active").count()
    )
    for secret in private:
        assert not any(secret in answer for answer in answers), secret


# Any text PostgreSQL can store (it refuses NUL), and names with no control characters.
TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300
)
ODD = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=60
).filter(str.strip)


@pytest.fixture
def partners(db):
    return build_tree()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=ODD, description=TEXT, times=TEXT)
def test_odd_text(client, partners, name, description, times):
    organisation = OrganisationPageFactory(
        parent=partners.partners,
        title=name,
        slug=f"odd-{uuid.uuid4().hex}",
        description=f"<p>{escape(description)}</p>",
    )
    offer = OfferFactory(
        organisation=organisation, title=name[:120], description=description, regular_times=times
    )
    data = fetch(client, f"services/{ids.make('offer', offer.pk)}")
    validate(data, "compiled/service.json")
    assert data["name"] == name[:120]
    org = fetch(client, f"organizations/{ids.make('organisation', organisation.pk)}")
    validate(org, "compiled/organization.json")
    validate_page(fetch(client, "services?per_page=200"), LISTS["services"])
