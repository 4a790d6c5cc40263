"""The Open Referral UK API: every answer validates against the profile's own schemas, serves
only what is public and available, and finds by place exactly what the hub's search finds."""

import datetime
import json
from urllib.parse import urlencode

from django.test import TestCase
from wagtail.models import PageViewRestriction

from events.choices import Repeat
from events.factories import EventPageFactory
from openreferral import ids
from openreferral.taxonomy import CHALLENGES_TAXONOMY, OFFER_KINDS, term_for
from partners.choices import OfferKind, OfferStatus, ProjectStatus
from partners.factories import OfferFactory, OrganisationPageFactory, ProjectPageFactory
from partners.models import ProjectEvent
from tests.conftest import build_tree
from tests.partners.conftest import build_partner_site

from .schemas import validate, validate_page

API = "/openreferral/"
OFFER_ONE = "5221be3c-96dc-8442-beaf-000000000001"
SECRET = "safeguarding-lead@stmarys.example.org"


def build_api_site():
    """Organisations A and B with offers and projects, and what must never be served."""
    site = build_partner_site(build_tree())
    today = datetime.date.today()
    org_a = site.org_a
    org_a.address = "1 Church Lane\nDevizes"
    org_a.public_email = "hello@stmarys.example.org"
    org_a.phone = "01380 123456"
    org_a.charity_number = "1123456"
    org_a.private_contact_email = SECRET
    org_a.save_revision().publish()
    hall = site.offer_a
    hall.kind, hall.regular_times, hall.step_free = OfferKind.VENUE, "Tuesdays 9am to 1pm", True
    hall.available_until = today + datetime.timedelta(days=60)
    hall.save()
    # Offers at known distances from SN10 1AB (miles), each with its own reach (radius_miles).
    near = {
        "Near, reaching 1": ("SN10 4AA", 1),  # 4.6 miles away
        "Just reaching": ("SN11 0AA", 1),  # 5.63 away, reaches 6.63 > 5
        "Reach too short": ("SN11 8AA", 1),  # 6.09 away, reaches 7.09 < 4.97 + 1
        "Long reach": ("BA14 8AA", 5),  # 9.31 away, reaches 14.31 > 9.97
        "Far away": ("SN8 1AA", 5),  # 12.48 away
    }
    site.placed = {
        title: OfferFactory(organisation=site.org_b, title=title, postcode=pc, radius_miles=r)
        for title, (pc, r) in near.items()
    }
    site.withdrawn = OfferFactory(
        organisation=org_a, title="Withdrawn minibus", status=OfferStatus.WITHDRAWN
    )
    site.expired = OfferFactory(
        organisation=org_a, title="Expired food", available_until=today - datetime.timedelta(1)
    )
    draft_org = OrganisationPageFactory(parent=site.partners, title="Draft group", live=False)
    site.of_draft = OfferFactory(organisation=draft_org, title="Offer of a draft group")
    private_org = OrganisationPageFactory(parent=site.partners, title="Members only")
    PageViewRestriction.objects.create(
        page=private_org, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    site.of_private = OfferFactory(organisation=private_org, title="Offer of a private group")
    site.project = ProjectPageFactory(
        parent=site.partnerships,
        title="Community larder",
        lead_organisations=[org_a],
        food_insecurity=True,
        loneliness=True,
        area_name="Devizes",
    )
    coffee = EventPageFactory(
        parent=org_a,
        title="Larder open morning",
        start_date=today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7),  # a Tuesday
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        repeat=Repeat.WEEKLY,
        repeat_count=10,
    )
    ProjectEvent.objects.create(project=site.project, event=coffee)
    site.completed = ProjectPageFactory(
        parent=site.partnerships,
        title="Finished project",
        lead_organisations=[org_a],
        status=ProjectStatus.COMPLETED,
    )
    site.draft_project = ProjectPageFactory(
        parent=site.partnerships, title="Draft project", lead_organisations=[org_a], live=False
    )
    return site


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_api_site()

    def get(self, path, status=200, **params):
        url = API + path + (f"?{urlencode(params)}" if params else "")
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["Content-Type"], "application/json")
        return json.loads(response.content)

    def names(self, page, key=None):
        return {(item[key] if key else item)["name"] for item in page["contents"]}


class TestEndpoints(ApiTestCase):
    def test_api_information(self):
        data = self.get("")
        self.assertEqual(data["version"], "3.0")
        spec = self.get("openapi.json")
        self.assertEqual(spec["openapi"], data["openapi_url"] and "3.0.0")
        self.assertEqual(spec["servers"], [{"url": "http://testserver/openreferral"}])

    def test_services_are_the_available_offers_and_active_projects(self):
        page = self.get("services", per_page=100)
        validate_page(page, "compiled/service_list.json")
        names = self.names(page)
        self.assertIn("Church hall for 80", names)
        self.assertIn("Community larder", names)
        for hidden in (
            "Withdrawn minibus",
            "Expired food",
            "Offer of a draft group",
            "Offer of a private group",
            "Finished project",
            "Draft project",
        ):
            self.assertNotIn(hidden, names)
        self.assertEqual(page["total_items"], len(names))

    def test_paging(self):
        everything = self.get("services", per_page=100)
        total = everything["total_items"]
        first = self.get("services", per_page=3)
        self.assertEqual(
            (first["size"], first["total_pages"], first["first_page"], first["last_page"]),
            (3, -(-total // 3), True, False),
        )
        pages = [
            self.get("services", per_page=3, page=n) for n in range(1, first["total_pages"] + 1)
        ]
        self.assertTrue(pages[-1]["last_page"])
        ids_in_pages = [item["id"] for page in pages for item in page["contents"]]
        self.assertEqual(ids_in_pages, [item["id"] for item in everything["contents"]])
        beyond = self.get("services", per_page=3, page=first["total_pages"] + 1)
        self.assertEqual((beyond["size"], beyond["empty"]), (0, False))

    def test_a_full_service(self):
        hall = self.site.offer_a
        data = self.get(f"services/{ids.make('offer', hall.pk)}")
        validate(data, "compiled/service.json")
        self.assertEqual(data["organization"]["name"], "St Mary's Church")
        self.assertEqual(data["email"], "hello@stmarys.example.org")
        location = data["service_at_locations"][0]["location"]
        self.assertAlmostEqual(location["latitude"], hall.latitude)
        self.assertEqual(location["addresses"][0]["address_1"], "1 Church Lane")
        self.assertEqual(location["addresses"][0]["postal_code"], "SN10 1AB")
        self.assertEqual(location["accessibility"][0]["description"], "Step-free access")
        self.assertEqual(data["schedules"][0]["byday"], "TU")
        self.assertEqual(data["cost_options"][0]["option"], "Free")
        self.assertEqual(
            data["attributes"][0]["taxonomy_term_id"], term_for(OFFER_KINDS, "venue").id
        )

    def test_a_project_with_its_schedule(self):
        data = self.get(f"services/{ids.make('project', self.site.project.pk)}")
        validate(data, "compiled/service.json")
        [schedule] = data["schedules"]
        self.assertEqual(
            (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]),
            ("WEEKLY", "TU", "10:00", "12:00"),
        )
        terms = {attribute["taxonomy_term"]["term"] for attribute in data["attributes"]}
        self.assertEqual(terms, {"food_insecurity", "loneliness"})

    def test_ids_do_not_change_with_the_title(self):
        hall = self.site.offer_a
        before = self.get("services", search="hall")["contents"][0]["id"]
        hall.title = "The parish hall"
        hall.save()
        self.assertEqual(self.get("services", search="parish")["contents"][0]["id"], before)

    def test_hidden_and_unknown_services_are_404(self):
        for row, kind in (
            (self.site.withdrawn, "offer"),
            (self.site.expired, "offer"),
            (self.site.of_draft, "offer"),
            (self.site.of_private, "offer"),
            (self.site.completed, "project"),
            (self.site.draft_project, "project"),
        ):
            self.get(f"services/{ids.make(kind, row.pk)}", status=404)
        self.get("services/not-a-uuid", status=404)
        self.get(f"services/{ids.make('organisation', self.site.org_a.pk)}", status=404)

    def test_organizations(self):
        page = self.get("organizations")
        validate_page(page, "compiled/organization_list.json")
        self.assertEqual(self.names(page), {"St Mary's Church", "Devizes Mosque"})
        org = self.get(f"organizations/{ids.make('organisation', self.site.org_a.pk)}")
        validate(org, "compiled/organization.json")
        self.assertEqual(org["organization_identifiers"][0]["identifier"], "1123456")
        self.assertEqual(
            {service["name"] for service in org["services"]},
            {"Church hall for 80", "Community larder"},
        )
        draft = OrganisationPageFactory._meta.model.objects.get(title="Draft group")
        self.get(f"organizations/{ids.make('organisation', draft.pk)}", status=404)

    def test_taxonomies(self):
        page = self.get("taxonomies")
        validate_page(page, "taxonomy.json")
        self.assertEqual(page["total_items"], 3)
        terms = self.get("taxonomy_terms", per_page=200)
        validate_page(terms, "taxonomy_term.json")
        term = term_for(CHALLENGES_TAXONOMY, "food_insecurity")
        self.assertEqual(self.get(f"taxonomy_terms/{term.id}")["name"], "Food insecurity")
        validate(self.get(f"taxonomies/{OFFER_KINDS.id}"), "taxonomy.json")
        self.assertEqual(
            self.get("taxonomies/nope", status=404), {"error": "There is no taxonomy with that id."}
        )
        self.assertEqual(
            self.get("taxonomy_terms/nope", status=404),
            {"error": "There is no taxonomy term with that id."},
        )

    def test_term_ids_are_fixed(self):
        """The ids directories store: the same on every hub, whatever the labels say."""
        self.assertEqual(term_for(OFFER_KINDS, "venue").id, "d9decc6e-b654-5b91-9d38-fca584513725")
        self.assertEqual(ids.make("offer", 1), OFFER_ONE)
        self.assertEqual(ids.read("offer", OFFER_ONE), 1)
        self.assertIsNone(ids.read("project", OFFER_ONE))

    def test_filters(self):
        venue = term_for(OFFER_KINDS, "venue").id
        self.assertEqual(
            self.names(self.get("services", taxonomy_term_id=venue)), {"Church hall for 80"}
        )
        food = term_for(CHALLENGES_TAXONOMY, "food_insecurity").id
        self.assertEqual(
            self.names(self.get("services", taxonomy_term_id=food)), {"Community larder"}
        )
        self.assertEqual(
            self.names(self.get("services", taxonomy_id=CHALLENGES_TAXONOMY.id)),
            {"Community larder"},
        )
        self.assertEqual(
            self.names(self.get("services", day="TU")), {"Church hall for 80", "Community larder"}
        )
        self.assertEqual(self.names(self.get("services", day="Wednesday")), set())
        self.assertEqual(
            self.names(self.get("services", day="TU", start_time="09:30", end_time="12:00")),
            {"Community larder"},
        )
        self.assertEqual(self.names(self.get("services", start_time="10:30")), set())
        self.assertEqual(
            self.names(self.get("services", search="minibus saturdays")),
            {"Minibus on Saturdays"},
        )
        org_b = ids.make("organisation", self.site.org_b.pk)
        self.assertNotIn(
            "Church hall for 80", self.names(self.get("services", organization_id=org_b))
        )

    def test_bad_parameters_are_400_with_a_sentence(self):
        for params in (
            {"page": "0"},
            {"page": "two"},
            {"per_page": "100000"},
            {"proximity": "far"},
            {"proximity": "8000"},
            {"postcode": "NOT A POSTCODE"},
            {"postcode": "SN10 1AB", "proximity": "-5"},
            {"taxonomy_term_id": "nope"},
            {"organization_id": "nope"},
            {"day": "someday"},
            {"start_time": "25:00"},
            {"search": "x" * 500},
            {"search": "nul\x00"},
        ):
            data = self.get("service_at_locations", status=400, **params)
            self.assertTrue(data["error"], params)
        self.get("services", status=400, page="-1")
        self.get("organizations", status=400, per_page="0")

    def test_only_get_and_head(self):
        self.assertEqual(self.client.post(API + "services").status_code, 405)
        self.assertEqual(self.client.head(API + "services").status_code, 200)


class TestPlace(ApiTestCase):
    def search_urls(self, radius):
        """The offers and active projects the hub's own map search finds within ``radius``."""
        response = self.client.get(
            "/api/search.geojson", {"postcode": "SN10 1AB", "radius": radius}
        )
        features = json.loads(response.content)["features"]
        urls = {
            f["properties"]["url"]
            for f in features
            if f["properties"]["kind"] in ("offers", "projects")
        }
        urls.discard(self.site.completed.full_url)
        return urls

    def test_proximity_finds_what_the_hub_search_finds_within_5_miles(self):
        page = self.get("service_at_locations", postcode="SN10 1AB", proximity=8000, per_page=200)
        validate_page(page, "compiled/service_at_location_list.json")
        found = {item["service"]["url"] for item in page["contents"]}
        self.assertEqual(found, self.search_urls(5))
        names = self.names(page, "service")
        self.assertTrue({"Near, reaching 1", "Just reaching", "Long reach"} <= names)
        self.assertFalse({"Reach too short", "Far away", "Withdrawn minibus"} & names)
        # nearest first: the hall at the postcode itself leads
        self.assertEqual(page["contents"][0]["service"]["name"], "Church hall for 80")

    def test_postcode_alone_asks_what_covers_it(self):
        names = self.names(self.get("service_at_locations", postcode="SN10 1AB"), "service")
        self.assertEqual(names, {"Church hall for 80", "Minibus on Saturdays", "Community larder"})

    def test_services_take_the_place_too(self):
        page = self.get("services", postcode="SN10 1AB", proximity=8000, per_page=2, page=2)
        validate_page(page, "compiled/service_list.json")
        self.assertEqual(page["size"], 2)


class TestCaching(ApiTestCase):
    def test_public_answers_are_page_cached_and_dropped_on_change(self):
        first = self.client.get(API + "services")
        self.assertIn("public", first["Cache-Control"])
        second = self.client.get(API + "services")
        self.assertEqual(second["X-Page-Cache"], "hit")
        self.assertEqual(second["Access-Control-Allow-Origin"], "*")
        hall = self.site.offer_a
        hall.status = OfferStatus.WITHDRAWN
        hall.save()
        third = self.client.get(API + "services")
        self.assertNotIn(b"Church hall for 80", third.content)

    def test_errors_are_not_kept(self):
        response = self.client.get(API + "services", {"page": "0"})
        self.assertIn("no-store", response["Cache-Control"])


class TestQueries(ApiTestCase):
    def test_a_page_of_services_costs_the_same_whatever_its_size(self):
        for _ in range(6):
            OfferFactory(organisation=self.site.org_b)
        self.client.get(API + "services", {"per_page": 3})  # warm the site's caches
        # A page with both projects and offers: the site, the offers page, the two counts, a
        # query for each kind and one for the projects' lead organisations.
        with self.assertNumQueries(10):
            self.client.get(API + "services", {"per_page": 2})
        with self.assertNumQueries(10):
            self.client.get(API + "services", {"per_page": 50})
        with self.assertNumQueries(7):  # offers only
            self.client.get(API + "services", {"per_page": 2, "page": 3})


class TestPrivacy(ApiTestCase):
    def test_private_contact_details_are_never_served(self):
        urls = [
            "",
            "services?per_page=200",
            "service_at_locations?postcode=SN10+1AB&proximity=8000",
            "organizations",
            f"organizations/{ids.make('organisation', self.site.org_a.pk)}",
            f"services/{ids.make('offer', self.site.offer_a.pk)}",
            f"services/{ids.make('project', self.site.project.pk)}",
        ]
        for url in urls:
            content = self.client.get(API + url).content.decode()
            self.assertNotIn(SECRET, content, url)
            self.assertNotIn("member-a@example.org", content, url)
