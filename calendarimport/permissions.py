"""Who may see and change calendar imports: the offers' rule (:mod:`partners.permissions`),
which serves any model with an ``organisation``: members their own organisation's rows,
moderators (the app's model permissions, given by migration 0002) every row."""

from partners.permissions import OfferPermissionPolicy

from .models import CalendarSource, ImportedEvent

source_policy = OfferPermissionPolicy(CalendarSource)
imported_policy = OfferPermissionPolicy(ImportedEvent)
