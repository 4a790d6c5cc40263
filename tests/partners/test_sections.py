"""Creating an organisation creates its section: a group with exactly its own pages, no more."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
)
from wagtail.test.utils import WagtailPageTestCase

from events.factories import EventPageFactory
from events.models import EventIndexPage, EventPage
from home.models import HomePage
from partners.choices import OrganisationKind
from partners.factories import OrganisationPageFactory, ProjectPageFactory
from partners.models import (
    OfferIndexPage,
    OrganisationPage,
    PartnerIndexPage,
    PartnershipIndexPage,
    ProjectPage,
    Section,
)
from partners.sections import (
    EDITOR_COLLECTION_PERMISSIONS,
    MODERATORS,
    create_organisation,
)
from tests.conftest import build_tree
from tests.partners.conftest import make_user

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_creates_its_group_with_add_and_edit_there_only(tree):
    organisation = create_organisation(
        tree.partners, title="Devizes Gurdwara", kind=OrganisationKind.FAITH_GROUP
    )
    section = Section.objects.get(organisation=organisation)
    group = section.group
    assert group.name == "Editors of Devizes Gurdwara"
    assert sorted(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    ) == [(organisation.pk, "add_page"), (organisation.pk, "change_page")]
    # Admin access, and no other model permission: no settings, users, snippets or offers.
    assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert section.collection.name == "Devizes Gurdwara"
    assert section.collection.get_parent() == Collection.get_first_root_node()
    assert sorted(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    ) == sorted(
        (section.collection.pk, codename) for _app, codename in EDITOR_COLLECTION_PERMISSIONS
    )


def test_an_organisation_made_in_the_admin_gets_its_section_too(client, tree):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/pages/add/partners/organisationpage/{tree.partners.pk}/",
        nested_form_data(
            {
                "title": "Leeds Hindu Mandir",
                "slug": "leeds-hindu-mandir",
                "kind": "faith-group",
                "tradition": "hindu",
                "description": rich_text("<p>Hello</p>"),
                "postcode": "LS1 1UR",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = OrganisationPage.objects.get(slug="leeds-hindu-mandir")
    assert organisation.section.group.name == "Editors of Leeds Hindu Mandir"


def test_renaming_follows_and_deleting_removes_the_group(tree):
    organisation = OrganisationPageFactory(parent=tree.partners, title="Old name")
    group_pk = organisation.section.group_id
    organisation.title = "New name"
    organisation.save_revision().publish()
    assert Group.objects.get(pk=group_pk).name == "Editors of New name"
    assert Collection.objects.get(pk=organisation.section.collection_id).name == "New name"
    organisation.delete()
    assert not Group.objects.filter(pk=group_pk).exists()


def test_two_organisations_with_the_same_name_get_two_groups(tree):
    first = OrganisationPageFactory(parent=tree.partners, title="St John's", slug="st-johns")
    second = OrganisationPageFactory(parent=tree.partners, title="St John's", slug="st-johns-2")
    assert first.section.group != second.section.group
    assert second.section.group.name == f"Editors of St John's ({second.pk})"
    second.save_revision().publish()  # a later save keeps the distinct name
    second.section.group.refresh_from_db()
    assert second.section.group.name == f"Editors of St John's ({second.pk})"


def test_setting_up_twice_changes_nothing(tree):
    from partners.sections import set_up_section

    organisation = tree.organisation
    before = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
    )
    assert set_up_section(organisation) == organisation.section
    after = (Group.objects.count(), GroupPagePermission.objects.count(), Collection.objects.count())
    assert before == after


def test_editors_may_add_and_edit_in_their_section_and_nothing_else(site):
    editor = site.member_a
    event = EventPageFactory(parent=site.org_a)
    other_event = EventPageFactory(parent=site.org_b)
    own = site.org_a.permissions_for_user(editor)
    assert own.can_edit() and own.can_add_subpage()
    assert not own.can_publish()
    assert not own.can_unpublish()
    assert not own.can_delete()
    assert not own.can_move()
    assert event.permissions_for_user(editor).can_edit()
    assert not event.permissions_for_user(editor).can_publish()
    for page in (site.org_b, other_event, site.partners, site.events, site.home):
        perms = page.specific.permissions_for_user(editor)
        assert not perms.can_edit(), page
        assert not perms.can_add_subpage(), page
    assert not editor.has_perm("wagtailcore.add_site")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("wagtailsettings.change_hubsettings")
    assert not editor.has_perm("partners.verify_organisationpage")


def test_moderators_approve_everywhere_and_look_after_partners(tree):
    """Wagtail's migrations make the group and the workflow; ours add the partners' part."""
    moderators = Group.objects.get(name=MODERATORS)
    codenames = set(moderators.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "verify_organisationpage",
        "add_offer",
        "change_offer",
        "delete_offer",
        "view_offer",
    } <= codenames
    root = Page.get_first_root_node()
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert list(workflow.tasks.get().specific.groups.all()) == [moderators]
    assert tree.organisation.get_workflow() == workflow
    assert GroupPagePermission.objects.filter(
        group=moderators, page=root, permission__codename="publish_page"
    ).exists()


class PageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_projects_live_in_the_partnerships_listing_or_an_organisation_section(self):
        self.assertCanCreateAt(HomePage, PartnershipIndexPage)
        self.assertCanCreateAt(PartnershipIndexPage, ProjectPage)
        self.assertCanCreateAt(OrganisationPage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(EventIndexPage, ProjectPage)
        self.assertCanNotCreateAt(ProjectPage, ProjectPage)
        self.assertCanNotCreateAt(ProjectPage, EventPage)

    def test_offers_listing_lives_under_home(self):
        self.assertCanCreateAt(HomePage, OfferIndexPage)
        self.assertCanNotCreateAt(OfferIndexPage, EventPage)
        self.assertCanNotCreateAt(PartnerIndexPage, OfferIndexPage)

    def test_an_organisation_section_holds_events_and_projects_only(self):
        self.assertAllowedSubpageTypes(OrganisationPage, {EventPage, ProjectPage})

    def test_new_page_types_render(self):
        partnerships = PartnershipIndexPage(title="Partnerships", slug="partnerships")
        self.tree.home.add_child(instance=partnerships)
        offers = OfferIndexPage(title="Offers", slug="offers")
        self.tree.home.add_child(instance=offers)
        project = ProjectPageFactory(
            parent=partnerships, lead_organisations=[self.tree.organisation]
        )
        for page in (partnerships, offers, project, self.tree.organisation):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)

    def test_new_page_types_open_in_the_admin(self):
        project = ProjectPageFactory(
            parent=self.tree.organisation, lead_organisations=[self.tree.organisation]
        )
        self.client.force_login(self.create_test_user())
        for page in (project, self.tree.organisation):
            with self.subTest(page=type(page).__name__):
                response = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="page-edit-form"')


def test_events_in_a_section_are_the_organisations_unless_another_is_named(site):
    own = EventPageFactory(parent=site.org_a, title="Harvest supper")
    joint = EventPageFactory(parent=site.org_a, title="Joint fair", organiser=site.org_b)
    elsewhere = EventPageFactory(parent=site.events, title="Town fair")
    assert own.organiser == site.org_a
    assert joint.organiser == site.org_b
    assert elsewhere.organiser is None
    own.organiser = None
    own.save_revision().publish()
    assert EventPage.objects.get(pk=own.pk).organiser == site.org_a
