from wagtail import hooks

from .viewsets import calendar_source_viewset, imported_event_viewset


@hooks.register("register_admin_viewset")
def register_calendar_import_viewsets():
    return [calendar_source_viewset, imported_event_viewset]
