"""An organisation's needs in the partner dashboard (``/dashboard/needs/``).

As for offers (:mod:`partners.views`): every view asks :data:`needs.permissions.need_policy`
what the user may see and do; a need the user may not change is "not found" (404), an action
they may not take is 403. Nothing is deleted but by a moderator: closing is a status, and
every change is in the need's history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from partners.dashboard_rows import (
    RowForms,
    change_status,
    delete_row,
    row_or_404,
    rows_to_change,
    tab_page,
)
from partners.views import members_only

from .choices import NeedStatus
from .forms import NeedForm
from .models import NeedQuerySet
from .permissions import need_policy

SHOW = {
    "open": ("Open or filled", NeedQuerySet.not_closed),
    "closed": (
        "Closed or past",
        lambda needs: needs.exclude(pk__in=needs.not_closed().values("pk")),
    ),
    "all": ("All", None),
}
# The status a member may set from the need's page, and what the message says.
STATUS_ACTIONS = {
    "close": (NeedStatus.CLOSED, "is closed. It is kept here with its history."),
    "fill": (NeedStatus.FILLED, "is marked filled: thank you for letting people know."),
    "reopen": (NeedStatus.OPEN, "is open again."),
}


@members_only
def need_list(request):
    tabs = tab_page(
        request, rows_to_change(need_policy, request.user).order_by("-updated_at", "-pk"), SHOW, 25
    )
    return TemplateResponse(
        request,
        "needs/dashboard/list.html",
        {
            **tabs,
            "needs": tabs["page_obj"].object_list,
            "can_add": need_policy.user_has_permission(request.user, "add"),
        },
    )


need_forms = RowForms(
    policy=need_policy,
    form_class=NeedForm,
    template="needs/dashboard/form.html",
    context_name="need",
    detail_url_name="needs_dashboard:detail",
    added="Thank you: “{title}” is posted.",
    may_not_add="Only members of a partner organisation can post needs.",
    may_not_choose="You cannot post needs for that organisation.",
    more=lambda form: {"checks": form.checks},
)


@members_only
@require_http_methods(["GET", "POST"])
def need_add(request):
    return need_forms.add(request)


@members_only
@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    return need_forms.edit(request, pk)


@members_only
def need_detail(request, pk):
    need = row_or_404(need_policy, request, pk)
    return TemplateResponse(
        request,
        "needs/dashboard/detail.html",
        {
            "need": need,
            "status_now": need.current_status(),
            "checks": need.required_checks.all(),
            "changes": need.changes.select_related("user"),
            "can_delete": need_policy.user_has_permission_for_instance(
                request.user, "delete", need
            ),
        },
    )


@members_only
@require_POST
def need_status(request, pk, action):
    need = row_or_404(need_policy, request, pk)
    if action not in STATUS_ACTIONS:
        raise PermissionDenied("That is not something a need can do.")
    status, words = STATUS_ACTIONS[action]
    if status != NeedStatus.CLOSED and need.is_past(timezone.localdate()):
        messages.info(request, "Its last day has passed. Give it new dates to open it again.")
        return redirect("needs_dashboard:edit", need.pk)
    return change_status(request, need, status, f"“{need.title}” {words}", "needs_dashboard:detail")


@members_only
@require_http_methods(["GET", "POST"])
def need_delete(request, pk):
    need = row_or_404(need_policy, request, pk)
    return delete_row(
        request,
        need,
        need_policy,
        "Only moderators can delete needs. You can close it instead.",
        "needs_dashboard:list",
        "needs/dashboard/delete.html",
        {"need": need},
    )
