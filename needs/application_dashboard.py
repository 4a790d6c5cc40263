"""The organisation's side of the application flow, in the partner dashboard
(``/dashboard/applications/``): the applications to its needs, accept or decline with a
reason, withdraw, attendance and hours; and ``needs:invite``, from the suggestions.

Who may: :data:`needs.permissions.need_policy`, as for the needs themselves: members of the
need's organisation, moderators and administrators. Another organisation's application is
"not found" (404) whatever id is guessed or posted. Until the volunteer has applied or said
yes to an invitation, the organisation sees their first name and district only; their
e-mail address once it has accepted them.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners.dashboard_rows import statuses, tab_page
from partners.views import members_only
from volunteering.choices import SKILLS
from volunteering.models import Volunteer

from . import flow
from .choices import ApplicationStatus, WithdrawnBy
from .flow_forms import AttendanceForm, ReasonForm
from .models import Application
from .permissions import need_policy

Status = ApplicationStatus
SHOW = {
    "waiting": ("Waiting for you", statuses(Status.APPLIED)),
    "current": ("Accepted or confirmed", statuses(Status.ACCEPTED, Status.CONFIRMED)),
    "invited": ("Invited", statuses(Status.INVITED)),
    "ended": (
        "Declined, withdrawn or done",
        statuses(Status.DECLINED, Status.WITHDRAWN, Status.COMPLETED),
    ),
    "all": ("All", None),
}
# Once the volunteer has said yes to the organisation, it may see more of them.
SAID_YES = (Status.APPLIED, Status.ACCEPTED, Status.CONFIRMED, Status.COMPLETED)
CONTACT = (Status.ACCEPTED, Status.CONFIRMED, Status.COMPLETED)


def _needs(user):
    return need_policy.instances_user_has_permission_for(user, "change")


def applications_for(user):
    return Application.objects.filter(need__in=_needs(user).values("pk")).select_related(
        "need__organisation", "volunteer__user"
    )


@never_cache
@members_only
def application_list(request):
    applications = applications_for(request.user).order_by("-updated_at", "-pk")
    need = request.GET.get("need", "")
    if need.isdigit():
        applications = applications.filter(need_id=int(need))
    else:
        need = ""
    tabs = tab_page(request, applications, SHOW, 50)
    return TemplateResponse(
        request,
        "needs/flow/dashboard_list.html",
        {
            **tabs,
            "applications": tabs["page_obj"].object_list,
            "need": need,
            "tab_query": f"&need={need}" if need else "",
            "querystring": tabs["querystring"] + (f"&need={need}" if need else ""),
        },
    )


def _application_or_404(request, pk):
    return get_object_or_404(applications_for(request.user), pk=pk)


def _facts(application):
    """What the organisation may see of the volunteer, by how far they have come."""
    volunteer, need = application.volunteer, application.need
    facts = {"name": volunteer.display_name, "district": volunteer.district}
    if application.status in SAID_YES:
        wanted = {*need.skills, *(SKILLS.get(key, key) for key in need.wanted_skills)}
        facts["skills"] = [label for label in volunteer.skills if label in wanted]
        required = [check.kind for check in need.required_checks.all()]
        facts["checks"] = [
            credential
            for credential in volunteer.credentials.filter(kind__in=required)
            if credential.is_valid
        ]
        facts["message"] = application.message
    if application.status in CONTACT:
        facts["email"] = volunteer.user.email
    return facts


@never_cache
@members_only
def detail(request, pk, forms=None, problem="", status=200):
    application = _application_or_404(request, pk)
    forms = forms or {}
    return TemplateResponse(
        request,
        "needs/flow/dashboard_detail.html",
        {
            "application": application,
            "need": application.need,
            "facts": _facts(application),
            "decline_form": forms.get("decline") or ReasonForm(prefix="decline"),
            "withdraw_form": forms.get("withdraw") or ReasonForm(prefix="withdraw"),
            "attendance_form": forms.get("attendance") or AttendanceForm(),
            "may_withdraw": application.status in flow.WITHDRAWABLE,
            "may_record": application.status == Status.CONFIRMED
            and flow.last_day_done(application.need, timezone.localdate()) is not None,
            "problem": problem,
        },
        status=status,
    )


DONE = {
    "accept": "You accepted {name}: they are asked to confirm.",
    "decline": "You declined {name}'s application; they are told your reason.",
    "withdraw": "{name} is told your organisation no longer needs them.",
    "attendance": "Attendance is recorded.",
}


@never_cache
@members_only
@require_POST
def act(request, pk, action):
    if action not in DONE:
        raise Http404
    application = _application_or_404(request, pk)
    user = request.user
    form = None
    try:
        if action == "accept":
            flow.accept(application, user)
        elif action == "decline":
            form = ReasonForm(request.POST, prefix="decline")
            if form.is_valid():
                flow.decline(application, user, form.cleaned_data["reason"])
        elif action == "withdraw":
            form = ReasonForm(request.POST, prefix="withdraw")
            if form.is_valid():
                flow.withdraw(
                    application, WithdrawnBy.ORGANISATION, user, form.cleaned_data["reason"]
                )
        else:
            form = AttendanceForm(request.POST)
            if form.is_valid():
                flow.record_attendance(
                    application, user, form.cleaned_data["attended"], form.cleaned_data["hours"]
                )
    except flow.StepRefused as refused:
        return detail(request, pk, forms={action: form}, problem=str(refused), status=409)
    if form is not None and form.errors:
        return detail(request, pk, forms={action: form}, status=400)
    messages.success(request, DONE[action].format(name=application.volunteer.display_name))
    return redirect("applications_dashboard:detail", pk)


@never_cache
@members_only
@require_POST
def invite(request, uuid):
    need = get_object_or_404(_needs(request.user), uuid=uuid)
    raw = request.POST.get("volunteer", "")
    volunteer = Volunteer.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if volunteer is None:
        messages.error(request, "That volunteer cannot be found.")
        return redirect("applications_dashboard:list")
    try:
        application = flow.invite(need, volunteer, request.user)
    except flow.StepRefused as refused:
        messages.error(request, str(refused))
        return redirect("applications_dashboard:list")
    messages.success(request, f"{volunteer.display_name} is invited: they answer by e-mail.")
    return redirect("applications_dashboard:detail", application.pk)
