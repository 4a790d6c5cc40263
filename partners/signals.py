"""What partners tell the events' calendar feeds: an organisation that changes drops them.

Feeds name the organiser of each event, and an organisation's own feed is named after it, so
saving or deleting an organisation page drops the cached feeds it could be in (its own and
its site's), through :mod:`events.signals`: the events app never imports this one.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.signals import forget, scope

from .models import OrganisationPage


@receiver(post_save, sender=OrganisationPage, dispatch_uid="partners_organisation_feeds")
@receiver(post_delete, sender=OrganisationPage, dispatch_uid="partners_organisation_gone")
def organisation_changed(sender, instance, **kwargs):
    if kwargs.get("update_fields") is None and not kwargs.get("raw"):
        forget(scope(instance.url_path, instance.pk))
