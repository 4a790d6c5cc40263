"""Editing an organisation's profile in the admin, and moderators verifying it."""

import pytest
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text

from partners.models import OrganisationPage

pytestmark = pytest.mark.django_db


def profile_form(organisation, **fields):
    data = {
        "title": organisation.title,
        "slug": organisation.slug,
        "kind": "faith-group",
        "tradition": "christian",
        "denomination": "Methodist",
        "charity_number": "",
        "description": rich_text("<p>We meet on Sundays.</p>"),
        "address": "1 Church Lane",
        "postcode": "SN10 1AB",
        "website": "https://example.org/",
        "public_email": "hello@example.org",
        "phone": "01632 960000",
    }
    data.update(fields)
    return nested_form_data(data)


def test_an_editor_updates_their_profile_and_submits_it(client, site):
    client.force_login(site.member_a)
    response = client.post(
        f"/admin/pages/{site.org_a.pk}/edit/",
        profile_form(site.org_a, charity_number="sc 012 345", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    draft = OrganisationPage.objects.get(pk=site.org_a.pk).get_latest_revision_as_object()
    assert draft.charity_number == "SC012345"
    assert draft.denomination == "Methodist"
    live = OrganisationPage.objects.get(pk=site.org_a.pk)
    assert live.charity_number == ""  # waiting for a moderator
    assert live.workflow_in_progress


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"charity_number": "12345"}, "That is not a charity number we recognise."),
        ({"charity_number": "SC12345"}, "in Scotland SC and six digits"),
        ({"phone": "ring the vicarage"}, "Give a phone number in digits"),
        ({"description": rich_text("<p>" + "x" * 50_000 + "</p>")}, "at most 5000 characters"),
        ({"address": "y" * 50_000}, "at most 300 characters"),
        ({"tradition": "sikh", "kind": "council"}, "Only faith groups have a faith tradition."),
        ({"postcode": "nowhere"}, "not a UK postcode"),
        ({"website": "not a website"}, "Enter a valid URL."),
    ],
)
def test_bad_profile_input_is_refused_with_the_rest_kept(client, site, fields, message):
    client.force_login(site.member_a)
    response = client.post(
        f"/admin/pages/{site.org_a.pk}/edit/", profile_form(site.org_a, **fields)
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    if "denomination" not in fields:
        assert 'value="Methodist"' in html
    if "public_email" not in fields:
        assert 'value="hello@example.org"' in html
    # Nothing was saved: the latest version is still the one the fixture published.
    latest = OrganisationPage.objects.get(pk=site.org_a.pk).get_latest_revision_as_object()
    assert latest.denomination == "Anglican"


def test_the_edit_form_has_no_verified_field(client, site):
    client.force_login(site.admin)
    html = client.get(f"/admin/pages/{site.org_a.pk}/edit/").content.decode()
    assert 'name="verified"' not in html
    assert 'name="private_contact_email"' in html


def test_moderators_verify_from_the_page_header_and_it_is_logged(client, site):
    client.force_login(site.moderator)
    explorer = client.get(f"/admin/pages/{site.org_a.pk}/").content.decode()
    verify_url = f"/admin/partners/organisation/{site.org_a.pk}/verify/"
    assert verify_url in explorer
    page = client.get(verify_url).content.decode()
    assert "Mark as verified" in page
    response = client.post(verify_url, {"verified": "true"})
    assert response.status_code == 302
    assert OrganisationPage.objects.get(pk=site.org_a.pk).verified
    entry = PageLogEntry.objects.filter(page=site.org_a, action="partners.verify").get()
    assert entry.user == site.moderator
    assert "Remove the verified mark" in client.get(verify_url).content.decode()
    client.post(verify_url, {"verified": "false"})
    assert not OrganisationPage.objects.get(pk=site.org_a.pk).verified
    assert PageLogEntry.objects.filter(page=site.org_a, action="partners.unverify").exists()


def test_members_do_not_see_the_verify_button(client, site):
    client.force_login(site.member_a)
    explorer = client.get(f"/admin/pages/{site.org_a.pk}/").content.decode()
    assert "/verify/" not in explorer


def test_publishing_an_older_revision_keeps_the_verified_mark(client, site):
    """An editor's draft, written before the moderator verified, must not undo it."""
    client.force_login(site.member_a)
    client.post(
        f"/admin/pages/{site.org_a.pk}/edit/",
        profile_form(site.org_a, denomination="Anglican", **{"action-submit": "1"}),
    )
    OrganisationPage.objects.filter(pk=site.org_a.pk).update(verified=True)
    organisation = OrganisationPage.objects.get(pk=site.org_a.pk)
    organisation.get_latest_revision().publish()
    organisation.refresh_from_db()
    assert organisation.denomination == "Anglican"
    assert organisation.verified
