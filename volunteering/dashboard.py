"""Organisation members' side of the passport, in the partner dashboard
(``/dashboard/volunteers/``): the volunteers who shared their passport with the member's
organisation, each passport as shared, and the "verify a check" action.

:mod:`volunteering.permissions` decides; a passport not shared with the member's
organisation is "not found" (404), an action their organisation may not take is 403. Every
opening and every decision is recorded for the volunteer to see.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners.views import members_only

from . import record
from .models import CheckVerifier
from .permissions import record_access, require_decision, share_or_404, shares_for
from .views import availability_grid

DONE = {
    "verify": "The check is marked as verified by your organisation.",
    "unverify": "Your organisation's verification of the check is taken back.",
    "revoke": "The check is marked as revoked.",
}
ACTIONS = {
    "verify": "verified your {check}",
    "unverify": "took back their verification of your {check}",
    "revoke": "revoked your {check}",
}


@never_cache
@members_only
def shared_list(request):
    return TemplateResponse(
        request,
        "volunteering/dashboard/list.html",
        {"shares": shares_for(request.user).order_by("-created_at")[:500]},
    )


@never_cache
@members_only
def shared_passport(request, pk):
    share = share_or_404(request.user, pk)
    volunteer = share.volunteer
    record_access(volunteer, request.user, share.organisation)
    verifier = CheckVerifier.objects.filter(organisation=share.organisation).first()
    credentials = []
    if share.include_checks:
        for credential in volunteer.credentials.select_related("verified_organisation"):
            credential.may_verify = bool(verifier and verifier.allows(credential.kind))
            credentials.append(credential)
    return TemplateResponse(
        request,
        "volunteering/dashboard/passport.html",
        {
            "share": share,
            "volunteer": volunteer,
            "email": volunteer.user.email if share.include_email else "",
            "tags": [tag.name for tag in volunteer.tags.all()],
            "credentials": credentials,
            "grid": availability_grid(volunteer.availability)
            if share.include_availability
            else None,
            "record": record.summary(volunteer) if share.include_record else None,
        },
    )


@never_cache
@members_only
@require_POST
def decide(request, pk, check, action):
    if action not in ACTIONS:
        raise Http404
    share = share_or_404(request.user, pk)
    credential = get_object_or_404(share.volunteer.credentials, pk=check)
    require_decision(share, credential, action)
    now = timezone.now()
    if action == "verify":
        credential.verified_at, credential.verified_by = now, request.user
        credential.verified_organisation = share.organisation
    elif action == "unverify":
        credential.verified_at = credential.verified_by = credential.verified_organisation = None
    else:
        credential.revoked_at = now
    credential.save()
    record_access(
        share.volunteer,
        request.user,
        share.organisation,
        ACTIONS[action].format(check=credential.get_kind_display()),
    )
    messages.success(request, DONE[action])
    return redirect("volunteering_dashboard:passport", pk=share.pk)
