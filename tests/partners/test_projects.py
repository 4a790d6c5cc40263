"""Faith-partnership projects: the listing's filters, the summed outcomes and the project page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.factories import EventPageFactory
from partners.factories import ProjectOutcomeFactory, ProjectPageFactory
from partners.models import ProjectEvent, ProjectPage
from tests.partners.conftest import make_user

pytestmark = pytest.mark.django_db


ALL = {"Community larder", "Street patrols", "Langar in Leeds", "Job club idea", "Summer meals"}


def titles(response):
    html = response.content.decode()
    candidates = ALL | {"Draft project", "Private project"}
    return {title for title in candidates if f">{title}</a>" in html}


def test_the_listing_shows_live_public_projects_wherever_they_sit(client, projects):
    response = client.get("/partnerships/")
    assert response.status_code == 200
    assert titles(response) == ALL
    html = response.content.decode()
    # Active first, then ideas, then completed.
    assert html.index("Street patrols") < html.index("Job club idea") < html.index("Summer meals")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("challenge=food_insecurity", {"Community larder", "Langar in Leeds", "Summer meals"}),
        ("challenge=crime_and_safety", {"Street patrols"}),
        ("tradition=sikh", {"Langar in Leeds"}),
        ("tradition=christian", {"Community larder", "Summer meals"}),
        ("status=idea", {"Job club idea"}),
        ("status=completed&challenge=food_insecurity", {"Summer meals"}),
        ("q=larder", {"Community larder"}),
        (
            "postcode=SN10+2DN&radius=1",
            {"Community larder", "Street patrols", "Job club idea", "Summer meals"},
        ),
        # Bradford is 9 miles from Leeds: the langar reaches 10 miles, so it serves it.
        ("postcode=BD1+1HY&radius=1", {"Langar in Leeds"}),
        ("postcode=BD1+1HY&radius=1&challenge=homelessness", {"Langar in Leeds"}),
        ("postcode=BD1+1HY&radius=1&status=idea", set()),
    ],
)
def test_listing_filters(client, projects, query, expected):
    assert titles(client.get(f"/partnerships/?{query}")) == expected


def totals(response):
    return dict(response.context["totals"])


def test_the_listing_sums_the_outcomes_of_what_it_shows(client, projects):
    everything = totals(client.get("/partnerships/"))
    assert everything == {
        "Volunteers": 10 + 5 + 20 + 7,
        "Meals": 1000 + 5000 + 300,
        "Food parcels": 40 + 60,
    }
    html = client.get("/partnerships/").content.decode()
    assert '<span class="totals__number">6,300</span> meals' in html
    food = totals(client.get("/partnerships/?challenge=food_insecurity&status=active"))
    assert food == {"Volunteers": 30, "Meals": 6000, "Food parcels": 100}
    near = totals(client.get("/partnerships/?postcode=SN10+2DN&radius=1&status=active"))
    assert near == {"Volunteers": 15, "Meals": 1000, "Food parcels": 40}
    assert totals(client.get("/partnerships/?status=idea")) == {}


def test_named_outcomes_add_up_whatever_their_case(projects):
    outcome = projects.larder.outcomes.get(name="food parcels")
    outcome.name = "  Food   Parcels "
    outcome.full_clean()
    assert outcome.name == "food parcels"
    assert outcome.label == "Food parcels"


def test_the_listing_makes_the_same_queries_however_many_projects(
    client, projects, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/partnerships/?challenge=food_insecurity").status_code == 200
        return len(queries)

    count()
    few = count()
    for number in range(6):
        project = ProjectPageFactory(
            parent=projects.partnerships,
            title=f"Extra {number}",
            food_insecurity=True,
            lead_organisations=[projects.org_a, projects.org_b],
        )
        ProjectOutcomeFactory(project=project, value=number + 1)
    with django_assert_num_queries(few):
        response = client.get("/partnerships/?challenge=food_insecurity")
    assert "Extra 5" in response.content.decode()


def test_the_project_page(client, projects):
    project = projects.larder
    project.how_to_get_involved = "<p>Ring the church office.</p>"
    project.other_partners = "Devizes Town Council, Kennet Food Bank"
    project.area_name = "Devizes and the villages"
    supper = EventPageFactory(parent=projects.org_a, title="Larder supper")
    draft = EventPageFactory(parent=projects.org_a, title="Draft larder event", live=False)
    project.related_events = [ProjectEvent(event=supper), ProjectEvent(event=draft)]
    project.save_revision().publish()
    html = client.get(project.url).content.decode().replace("&#x27;", "'")
    for text in (
        "Led by",
        "St Mary's Church",
        "Wiltshire Council",
        "Kennet Food Bank",
        "Food insecurity",
        "Loneliness and isolation",
        "Devizes and the villages",
        "within 3 miles of SN10 1AB",
        "Ring the church office.",
        "Larder supper",
        "1,000</span> meals",
        "food parcels",
    ):
        assert text in html, text
    assert "Draft larder event" not in html


def project_form(parent_pk, **fields):
    data = {
        "title": "Warm welcome",
        "slug": "warm-welcome",
        "summary": "Tea and company.",
        "status": "active",
        "start_date": "2030-01-10",
        "end_date": "",
        "postcode": "SN10 1AB",
        "radius_miles": "3",
        "loneliness": "on",
        "how_to_get_involved": rich_text("<p>Come along.</p>"),
        "body": streamfield([]),
        "outcomes": inline_formset([{"measure": "volunteers", "name": "", "value": "12"}]),
        "related_events": inline_formset([]),
    }
    data.update(fields)
    leads = data.pop("lead_organisations", [str(parent_pk)])
    # nested_form_data would number a list's items; a multiple choice is repeated values.
    return {**nested_form_data(data), "lead_organisations": leads}


def test_an_editor_adds_a_project_in_their_section(client, site):
    client.force_login(site.member_a)
    response = client.post(
        f"/admin/pages/add/partners/projectpage/{site.org_a.pk}/",
        project_form(site.org_a.pk, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = ProjectPage.objects.get(slug="warm-welcome")
    assert not project.live
    revision = project.get_latest_revision_as_object()
    assert [o.value for o in revision.outcomes.all()] == [12]
    assert revision.loneliness


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_date": "2029-01-01"}, "The end date is before the start date."),
        (
            {"outcomes": inline_formset([{"measure": "other", "name": "", "value": "3"}])},
            "Say what you counted.",
        ),
        (
            {"outcomes": inline_formset([{"measure": "meals", "name": "", "value": "-3"}])},
            "greater than or equal to 0",
        ),
        ({"radius_miles": "500"}, "less than or equal to 50"),
        ({"lead_organisations": []}, "This field is required."),
        ({"postcode": "nowhere"}, "not a UK postcode"),
    ],
)
def test_bad_project_input_is_refused_with_the_rest_kept(client, site, fields, message):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.post(
        f"/admin/pages/add/partners/projectpage/{site.partnerships.pk}/",
        project_form(site.org_a.pk, **fields),
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert "Tea and company.</textarea>" in html
    assert not ProjectPage.objects.filter(slug="warm-welcome").exists()
