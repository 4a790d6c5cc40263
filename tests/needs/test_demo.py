"""The demo needs: at least 40 across the demo organisations, every kind, some emergencies
and some with checks, at real postcodes of the demo towns; built once."""

import pytest

from home import demo
from needs.models import Need, NeedChange, NeedCheck
from partners.choices import OfferKind
from partners.models import OrganisationPage

pytestmark = pytest.mark.django_db


def test_the_demo_needs(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    demo.build()
    needs = Need.objects.all()
    assert needs.count() >= 40
    assert {need.kind for need in needs} == set(OfferKind.values)
    assert needs.filter(emergency=True).count() >= 2
    assert NeedCheck.objects.values("need").distinct().count() >= 5
    assert needs.values("organisation").distinct().count() == (
        OrganisationPage.objects.live().count()
    )
    assert all(need.online or need.latitude is not None for need in needs)
    assert len({need.postcode.split()[0] for need in needs if need.postcode}) >= 10
    assert {need.timing for need in needs} == {"dated", "weekly", "fortnightly", "flexible"}
    assert NeedChange.objects.filter(action__in=["edited", "filled", "closed"]).count() >= 3
    for need in needs:
        need.full_clean()
    assert Need.objects.public().count() >= 40
    response = client.get("/volunteer/opportunities/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 40
    before = needs.count()
    demo.build()
    assert Need.objects.count() == before
