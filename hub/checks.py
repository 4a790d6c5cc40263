"""The hub's own deploy checks (``manage.py check --deploy``): what production needs that
Django's checks cannot know about."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError
from wagtail.models import Site

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@register("hub", deploy=True)
def email_is_configured(app_configs, **kwargs):
    """Without e-mail, password resets are lost (the page says they were sent, on purpose: it
    must not tell strangers which addresses have accounts; the failure is only logged)."""
    problems = []
    local_server = settings.EMAIL_HOST in ("localhost", "127.0.0.1")
    if settings.EMAIL_DELIVERY_BACKEND == SMTP and local_server:
        problems.append(
            Warning(
                "No e-mail server is configured, so password resets and notifications will "
                "not be sent.",
                hint="Set EMAIL_URL, e.g. submission://user:password@smtp.example.org:587 "
                "(or EMAIL_HOST and the other EMAIL_* variables).",
                id="hub.W001",
            )
        )
    if any(
        address.rstrip(">").endswith("@localhost")
        for address in (settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL)
    ):
        problems.append(
            Warning(
                "E-mail would be sent from an @localhost address, which mail servers refuse.",
                hint="Set DEFAULT_FROM_EMAIL (and SERVER_EMAIL for error reports), e.g. "
                "'Neighbour Day Hub <hub@example.org>'.",
                id="hub.W002",
            )
        )
    return problems


@register("hub", deploy=True)
def site_matches_site_url(app_configs, **kwargs):
    """The default Site is the public address every absolute link uses (``hub.addresses``);
    ``migrate`` sets it from SITE_URL, so a difference means one changed without the other."""
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: migrate will set it
        return []
    if site is None or site.root_url == settings.SITE_URL:
        return []
    return [
        Warning(
            f"The default Site's address is {site.root_url}, but SITE_URL is "
            f"{settings.SITE_URL}: links in feeds, the sitemap and e-mails would disagree.",
            hint="Run manage.py migrate, which sets the Site from SITE_URL, or fix SITE_URL.",
            id="hub.W003",
        )
    ]
