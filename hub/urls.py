from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub.media import serve_image
from hub.optout import unsubscribe
from hub.sitemaps import sitemap

handler500 = "hub.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("volunteer/opportunities/", include("needs.urls")),
    path("volunteer/applications/", include("needs.application_urls")),
    path("volunteer/", include("volunteering.urls")),
    path("dashboard/volunteers/", include("volunteering.dashboard_urls")),
    path("dashboard/needs/", include("needs.dashboard_urls")),
    path("dashboard/applications/", include("needs.application_dashboard_urls")),
    path("dashboard/reports/", include("needs.report_urls")),
    path("", include("reserve.urls")),
    path("dashboard/", include("partners.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("openreferral/", include("openreferral.urls")),
    path("", include("search.urls")),
    path("", include("neighbourday.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    # One machine: uploaded images come from MEDIA_ROOT (hub/media.py).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_image, name="media")
    ]
if settings.DEBUG:
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
        path("503/", TemplateView.as_view(template_name="503.html")),
    ]

urlpatterns += [
    path("", include("events.urls")),  # calendar files: routes of their pages, before Wagtail's
    path("", include(wagtail_urls)),
]
