"""Who may do what with needs: the same rules as offers (:mod:`partners.permissions`).

A member of an organisation lists, views, posts and changes that organisation's needs and no
others; a moderator (the ``needs`` permissions, which the Moderators group has) does so for
every organisation and is the only one who may delete; an active superuser may do
everything. Both the partner dashboard and the admin's needs views ask :data:`need_policy`
and nothing else. Marking a need as an emergency is for moderators and for members of a
verified organisation only (:func:`may_mark_emergency`).
"""

from partners.permissions import OfferPermissionPolicy

from .models import Need


class NeedPermissionPolicy(OfferPermissionPolicy):
    """An offer's policy, for needs: the model's own permissions decide for moderators."""

    def may_mark_emergency(self, user, organisation):
        """Moderators, and members of a verified organisation (for that organisation)."""
        if self.holds_model_permission(user, "change"):
            return True
        return organisation is not None and organisation.verified


need_policy = NeedPermissionPolicy(Need)
