"""The organiser's pack (invitation, poster, documents) and the e-mail after the day."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from neighbourday import counts, registration
from neighbourday.models import Gathering, PackDocument

pytestmark = pytest.mark.django_db


def qr_of(html):
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 (our own page)


def test_the_invitation_and_poster_carry_a_qr_code_to_the_page(resident, nd, client):
    manage = resident.register_and_confirm()
    page = Gathering.objects.get().event
    for path in ("invitation/", "poster/"):
        html = client.get(manage + path).content.decode()
        svg = qr_of(html)
        assert svg.tag.endswith("svg")
        assert [child.tag.rsplit("}", 1)[-1] for child in svg] == ["title", "path"]
        assert f"http://testserver{page.url}" in html
        assert "Long Street, SN10" in html
        assert "print.css" in html
        assert "ada.organiser" not in html and "SN10 1AB" not in html


def test_a_street_only_invitation_points_at_neighbour_day(resident, nd, client):
    manage = resident.register_and_confirm(open_to_everyone="False")
    html = client.get(manage + "invitation/").content.decode()
    assert "http://testserver/neighbour-day/" in html


def test_the_documents_moderators_upload_are_offered(resident, nd, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Risk assessment", file=ContentFile(b"template", name="risk.txt")
    )
    PackDocument.objects.create(title="Risk assessment template", document=document)
    manage = resident.register_and_confirm()
    html = client.get(manage).content.decode()
    assert "Risk assessment template" in html and document.url in html


def test_the_next_morning_email_and_how_many_came(
    resident, nd, client, django_capture_on_commit_callbacks
):
    manage = resident.register_and_confirm()
    resident.register_and_confirm(organiser_email="late@example.org", open_to_everyone="False")
    Gathering.objects.update(date=nd.day - datetime.timedelta(days=400))
    gathering = Gathering.objects.order_by("pk").first()
    # Counts follow the date's year.
    year = gathering.date.year
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("neighbourday_follow_up", stdout=io.StringIO())
        call_command("neighbourday_follow_up", stdout=io.StringIO())  # never asks twice
    assert sorted(m.to[0] for m in mail.outbox) == ["ada.organiser@example.org", "late@example.org"]
    assert "how-many-came/" in mail.outbox[0].body
    too_many = resident.post(manage + "how-many-came/", {"people": "5000"})
    assert too_many.status_code == 400
    assert "more than 2,000" in too_many.content.decode()
    response = resident.post(manage + "how-many-came/", {"people": "42", "note": "<b>Lovely</b>"})
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert (gathering.attendance, gathering.attendance_note) == (42, "Lovely")
    assert counts.totals(year)["attended"] == 42


def test_how_many_came_waits_for_the_day(resident, nd):
    manage = resident.register_and_confirm()
    assert resident.get(manage + "how-many-came/").status_code == 404
    assert registration.send_follow_ups(nd.site) == 0
