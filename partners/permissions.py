"""Who may do what with offers: the one place the hub decides it by hand.

Pages need none of this: an organisation's pages are in its own section of the tree and
Wagtail's page permissions and moderation workflow decide (see :mod:`partners.sections`).
Offers are not pages, so :data:`offer_policy` decides for them, and both the partner
dashboard and the admin's offer views ask it and nothing else:

* a **member** of an organisation (a user in its editors' group, the single source of truth
  for membership) may list, view, add and change that organisation's offers, and no others;
* a **moderator** (anyone holding the ``partners`` offer permissions, which the Moderators
  group has) may do that for every organisation, and is the only one who may delete;
* an active superuser may do everything.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import Offer, OrganisationPage

MEMBER_ACTIONS = frozenset({"add", "change", "view"})


def organisations_for(user):
    """The organisations ``user`` is a member of."""
    if not user.is_authenticated or not user.is_active:
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(section__group__user=user).order_by("title")


def organisation_ids_for(user):
    """Ids of the user's organisations, worked out once per user object (so once a request)."""
    if not hasattr(user, "_partner_organisation_ids"):
        user._partner_organisation_ids = frozenset(
            organisations_for(user).values_list("pk", flat=True)
        )
    return user._partner_organisation_ids


def can_verify(user):
    return user.has_perm("partners.verify_organisationpage")


class OfferPermissionPolicy(ModelPermissionPolicy):
    def holds_model_permission(self, user, action):
        """A Django permission (moderators, superusers) covers every organisation's offers."""
        return super().user_has_permission(user, action)

    def user_has_permission(self, user, action):
        if self.holds_model_permission(user, action):
            return True
        return action in MEMBER_ACTIONS and bool(organisation_ids_for(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if self.holds_model_permission(user, action):
            return True
        return action in MEMBER_ACTIONS and instance.organisation_id in organisation_ids_for(user)

    def instances_user_has_any_permission_for(self, user, actions):
        offers = self.model._default_manager.all()
        if any(self.holds_model_permission(user, action) for action in actions):
            return offers
        if MEMBER_ACTIONS.intersection(actions):
            return offers.filter(organisation__in=organisation_ids_for(user))
        return offers.none()

    def organisations_user_can_add_to(self, user):
        """Which organisations' offers the user may log: all for moderators, else their own."""
        if self.holds_model_permission(user, "add"):
            return OrganisationPage.objects.order_by("title")
        return organisations_for(user)

    def users_with_any_permission(self, actions):
        condition = self._get_users_with_any_permission_codenames_filter(
            self._get_permission_codenames(actions)
        )
        if MEMBER_ACTIONS.intersection(actions):
            condition |= Q(is_active=True, groups__organisation_section__isnull=False)
        return get_user_model().objects.filter(condition).distinct()


offer_policy = OfferPermissionPolicy(Offer)
