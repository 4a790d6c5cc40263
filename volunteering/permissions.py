"""Who may see a passport and decide on its checks: the one place it is decided.

* A volunteer sees and changes their own passport only (anyone else's is "not found").
* A member of an organisation (partners.permissions) sees a passport only through an open
  :class:`~volunteering.models.Share` with one of their organisations, and only the parts
  the volunteer chose to share; every opening is recorded.
* A member may verify, un-verify or revoke a shared check only if the volunteer shared
  their checks, and only for the kinds their organisation may verify
  (:class:`~volunteering.models.CheckVerifier`, set by moderators); un-verifying is for the
  organisation that verified.
* Moderators see the list of volunteers in the admin (``volunteering.view_volunteer``),
  never certificate numbers; their openings are recorded too.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from partners.permissions import organisation_ids_for

from .models import AccessRecord, CheckVerifier, Share


def shares_for(user):
    """The open shares with the user's organisations."""
    return Share.objects.filter(
        organisation__in=organisation_ids_for(user), withdrawn_at=None
    ).select_related("volunteer", "organisation")


def share_or_404(user, pk):
    share = shares_for(user).filter(pk=pk).first()
    if share is None:
        raise Http404("No passport shared with your organisation has that number.")
    return share


def may_decide(share, credential, action):
    """Whether a member of ``share.organisation`` may ``action`` this check."""
    if not share.include_checks or credential.volunteer_id != share.volunteer_id:
        return False
    verifier = CheckVerifier.objects.filter(organisation=share.organisation).first()
    if verifier is None or not verifier.allows(credential.kind):
        return False
    if action == "unverify":
        return credential.verified_organisation_id == share.organisation_id
    return True


def require_decision(share, credential, action):
    if not may_decide(share, credential, action):
        raise PermissionDenied("Your organisation cannot do that to this check.")


def record_access(volunteer, user, organisation=None, action="opened your passport"):
    AccessRecord.objects.create(
        volunteer=volunteer,
        viewer=user,
        viewer_name=viewer_name(user),
        organisation=organisation,
        action=action,
        at=timezone.now(),
    )


def viewer_name(user):
    """How a volunteer sees who opened their passport: a name, never an e-mail address."""
    return user.get_full_name() or user.get_username().split("@")[0]
