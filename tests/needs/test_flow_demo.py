"""The demo's applications and call-out: every step of the flow, confirmed hours in the
demo volunteer's passport, one finished call-out; built once."""

import pytest

from home import demo
from needs.choices import ApplicationStatus
from needs.models import Application
from reserve import callouts
from reserve.models import CallOut
from volunteering.models import ServiceRecord

pytestmark = pytest.mark.django_db


def test_the_demo_applications_and_callout(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    demo.build()
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    mine = Application.objects.filter(volunteer__user__username="volunteer")
    assert mine.count() == 4
    assert ServiceRecord.objects.filter(confirmed_at__isnull=False).count() >= 30
    [callout] = CallOut.objects.all()
    counts = callouts.counts(callout)
    assert counts["asked"] == counts["queued"] > counts["said_yes"] == counts["confirmed"] > 0
    before = (Application.objects.count(), ServiceRecord.objects.count())
    demo.build()
    assert (Application.objects.count(), ServiceRecord.objects.count()) == before
    client.force_login(mine.first().volunteer.user)
    page = client.get("/volunteer/applications/").content.decode()
    assert page.count('class="status status--') == 4
