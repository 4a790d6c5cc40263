"""Admin views of the partners app: verifying organisations, and refusing with a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from hub import pagecache

from .models import OrganisationPage
from .permissions import can_verify


def permission_denied(request):
    """Stands in for ``wagtail.admin.auth.permission_denied``.

    Wagtail answers a signed-in user who may not open an admin page with a redirect to the
    admin dashboard. The hub answers 403 Forbidden with a page that says so, so that every
    refusal (another organisation's page, a guessed id, a forged POST) is a refusal in
    HTTP terms too, for browsers, tests and monitoring alike.
    """
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return TemplateResponse(
        request,
        "partners/admin/forbidden.html",
        {"page_title": "You cannot open this", "header_icon": "warning"},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def verify(request, pk):
    """Moderators mark an organisation as verified (or take it back), after checking it.

    The flag is written straight to the live row and logged in the page's history; page
    revisions never carry it (see ``OrganisationPage.with_content_json``).
    """
    if not can_verify(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if request.method == "POST":
        verified = request.POST.get("verified") == "true"
        OrganisationPage.objects.filter(pk=pk).update(verified=verified)
        pagecache.changed()  # an update() sends no signal; the badge shows on public pages
        log(
            instance=organisation,
            action="partners.verify" if verified else "partners.unverify",
            user=request.user,
        )
        if verified:
            messages.success(request, f"{organisation.title} is now shown as verified.")
        else:
            messages.success(request, f"{organisation.title} is no longer shown as verified.")
        return redirect("wagtailadmin_explore", organisation.pk)
    return TemplateResponse(
        request,
        "partners/admin/verify.html",
        {
            "organisation": organisation,
            "page_title": "Verify a partner organisation",
            "header_icon": "success",
        },
    )
