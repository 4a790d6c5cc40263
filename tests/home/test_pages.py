"""Which page can go where, that every page type renders, and that the admin can edit each."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.factories import EventPageFactory
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from partners.models import OrganisationPage, PartnerIndexPage
from tests.conftest import build_tree


class PageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.event = EventPageFactory(parent=cls.tree.events)

    def test_home_holds_the_sections(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanCreateAt(HomePage, PartnerIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_events_live_in_the_listing_or_an_organisation_section(self):
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanCreateAt(OrganisationPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(StandardPage, EventPage)
        self.assertCanNotCreateAt(EventPage, EventPage)

    def test_one_listing_per_home(self):
        self.assertCanNotCreateAt(EventPage, EventIndexPage)
        self.assertFalse(EventIndexPage.can_create_at(self.tree.home))
        self.assertFalse(PartnerIndexPage.can_create_at(self.tree.home))

    def test_organisations_only_in_the_directory(self):
        self.assertCanCreateAt(PartnerIndexPage, OrganisationPage)
        self.assertCanNotCreateAt(HomePage, OrganisationPage)
        self.assertCanNotCreateAt(EventIndexPage, OrganisationPage)

    def test_an_event_can_be_created_through_the_admin_form(self):
        self.client.force_login(self.create_test_user())
        self.assertCanCreate(
            self.tree.events,
            EventPage,
            nested_form_data(
                {
                    "title": "Quiz night",
                    "slug": "quiz-night",
                    "summary": "Teams of four.",
                    "start_date": "2030-06-15",
                    "start_time": "19:00",
                    "end_time": "21:00",
                    "postcode": "sn101ab",
                    "category": "neighbour-day",
                    "audience": "everyone",
                    "status": "scheduled",
                    "is_free": "on",
                    "body": streamfield([("paragraph", rich_text("<p>Bring a pen.</p>"))]),
                    "date_changes": inline_formset([]),
                }
            ),
        )
        event = EventPage.objects.get(slug="quiz-night")
        self.assertEqual(event.postcode, "SN10 1AB")
        self.assertAlmostEqual(event.latitude, 51.3526, places=3)

    def test_every_page_type_renders(self):
        for page in (
            self.tree.home,
            self.tree.events,
            self.event,
            self.tree.partners,
            self.tree.organisation,
        ):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)

    def test_every_page_type_opens_in_the_admin(self):
        self.client.force_login(self.create_test_user())
        for page in (
            self.tree.home,
            self.tree.events,
            self.event,
            self.tree.partners,
            self.tree.organisation,
        ):
            with self.subTest(page=page.specific_class.__name__):
                response = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="page-edit-form"')


@pytest.mark.django_db
def test_standard_page_renders_and_edits(client, tree):
    page = StandardPage(title="About the hub", slug="about", introduction="Who we are.")
    tree.home.add_child(instance=page)
    response = client.get("/about/")
    assert response.status_code == 200
    assert b"Who we are." in response.content
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_friendly_404(client, tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"find that page" in response.content
    assert b'href="/events/"' in response.content


def test_500_page_stands_alone():
    """The 500 page uses no template tags, so it renders even when the database is down."""
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong" in html or "something went wrong" in html
    assert "{%" not in html
