"""A withdrawn or expired offer's page says so (410 Gone) and points to similar offers."""

import datetime

import pytest
from django.utils import timezone

from partners.choices import OfferKind, OfferStatus
from partners.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(site):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    site.withdrawn = OfferFactory(
        organisation=site.org_a,
        kind=OfferKind.VENUE,
        title="Old hall",
        description="Ring the verger at home.",
        status=OfferStatus.WITHDRAWN,
    )
    site.expired = OfferFactory(
        organisation=site.org_a,
        kind=OfferKind.VENUE,
        title="Summer garden",
        available_from=yesterday - datetime.timedelta(days=30),
        available_until=yesterday,
    )
    site.similar = OfferFactory(organisation=site.org_b, kind=OfferKind.VENUE, title="Mosque hall")
    return site


@pytest.mark.parametrize("which", ["withdrawn", "expired"])
def test_the_page_of_an_offer_that_is_gone(client, offers, which):
    offer = getattr(offers, which)
    response = client.get(f"/offers/{offer.pk}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This offer is no longer available" in html
    assert offer.title in html
    assert "Ring the verger" not in html  # what it said is gone with it
    assert f'href="/offers/?kind={OfferKind.VENUE}"' in html
    assert "Mosque hall" in html and f'href="/offers/{offers.similar.pk}/"' in html


def test_a_committed_offer_still_has_its_page(client, offers):
    offers.similar.status = OfferStatus.COMMITTED
    offers.similar.save()
    response = client.get(f"/offers/{offers.similar.pk}/")
    assert response.status_code == 200


def test_an_offer_that_never_was_is_still_404(client, offers):
    assert client.get("/offers/999999/").status_code == 404
