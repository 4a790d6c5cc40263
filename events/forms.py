"""The event page's admin form: the place checks of every located page, and "Featured" for
those who may publish only."""

from hub.place_panels import LocatedPageForm


class EventPageForm(LocatedPageForm):
    """Putting an event on the home page ("Featured") is the moderators' call: the box is left
    out of the form for anyone who may not publish the event, so their saves never change it."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "featured" in self.fields and not self._may_publish(for_user):
            del self.fields["featured"]

    def _may_publish(self, user):
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        return self.parent_page.permissions_for_user(user).can_publish_subpage()
