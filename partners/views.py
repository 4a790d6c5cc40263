"""The partner dashboard (``/dashboard/``): where members log and look after their offers.

It is made for volunteers who are not technical: plain words, one form per job, a clear
message after every action, and the outcome of their pages' moderation on the first screen.
Every view asks :data:`partners.permissions.offer_policy` what the user may see and do; an
offer the user may not change is "not found" (404), an action they may not take is 403.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page, TaskState, WorkflowState

from .choices import EXPIRED, OfferStatus
from .dashboard_rows import (
    RowForms,
    change_status,
    delete_row,
    row_or_404,
    rows_to_change,
    statuses,
    tab_page,
)
from .forms import DashboardLoginForm, OfferForm
from .permissions import offer_policy, organisations_for
from .sections import add_event_links

LOGIN_URL = reverse_lazy("dashboard:login")
members_only = login_required(login_url=LOGIN_URL)

SHOW = {
    "current": (
        "Available or committed",
        statuses(OfferStatus.AVAILABLE, OfferStatus.COMMITTED, field="status_now"),
    ),
    "ended": ("Withdrawn or expired", statuses(OfferStatus.WITHDRAWN, EXPIRED, field="status_now")),
    "all": ("All", None),
}


class LoginView(auth_views.LoginView):
    template_name = "partners/dashboard/login.html"
    authentication_form = DashboardLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("dashboard:home")

    def get_context_data(self, **kwargs):
        # Django's own "site_name" is the host's (django.contrib.sites or the request's host
        # name): the page, like every other, names the Wagtail site (hub.context_processors).
        context = super().get_context_data(**kwargs)
        context.pop("site", None)
        context.pop("site_name", None)
        return context


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("dashboard:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


@members_only
def home(request):
    user = request.user
    organisations = list(organisations_for(user))
    tabs = tab_page(request, rows_to_change(offer_policy, user).with_current_status(), SHOW, 25)
    return TemplateResponse(
        request,
        "partners/dashboard/home.html",
        {
            **tabs,
            "organisations": organisations,
            "offers": tabs["page_obj"].object_list,
            "can_add": offer_policy.user_has_permission(user, "add"),
            "add_event_links": add_event_links(user, organisations),
            "pages": section_pages(organisations),
        },
    )


def section_pages(organisations, limit=30):
    """The latest-edited pages of the organisations' sections, each with its moderation news.

    This is where an editor sees what became of a page they submitted: waiting for a
    moderator, approved and live, or sent back with the moderator's comment.
    """
    if not organisations:
        return []
    in_sections = Q(eventpage__organiser__in=organisations)  # their events made elsewhere
    for organisation in organisations:
        in_sections |= Q(path__startswith=organisation.path)
    pages = list(
        Page.objects.filter(in_sections)
        .select_related("content_type")
        .order_by("-latest_revision_created_at", "path")[:limit]
    )
    states = {}
    for state in WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(page.pk) for page in pages],
    ).order_by("created_at"):
        states[state.object_id] = state  # the latest wins
    comments = {}
    for task_state in (
        TaskState.objects.filter(workflow_state__in=list(states.values()))
        .exclude(comment="")
        .order_by("started_at")
    ):
        comments[task_state.workflow_state_id] = task_state.comment
    rows = []
    for page in pages:
        state = states.get(str(page.pk))
        rows.append(
            {
                "page": page,
                "kind": page.content_type.model_class()._meta.verbose_name,
                "status": _moderation_status(page, state),
                "comment": comments.get(state.pk, "") if state else "",
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
    return rows


def _moderation_status(page, state):
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "Waiting for a moderator to approve it"
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "A moderator asked for changes"
    if page.has_unpublished_changes:
        return "Draft: not sent for approval yet" if not page.live else "Live, with draft changes"
    if state is not None and state.status == WorkflowState.STATUS_APPROVED:
        return "Approved and live"
    return "Live" if page.live else "Not published"


offer_forms = RowForms(
    policy=offer_policy,
    form_class=OfferForm,
    template="partners/dashboard/offer_form.html",
    context_name="offer",
    detail_url_name="dashboard:offer_detail",
    added="Thank you: “{title}” is logged.",
    may_not_add="Only members of a partner organisation can log offers.",
    may_not_choose="You cannot log offers for that organisation.",
)


@members_only
@require_http_methods(["GET", "POST"])
def offer_add(request):
    return offer_forms.add(request)


@members_only
def offer_detail(request, pk):
    offer = row_or_404(offer_policy, request, pk)
    return TemplateResponse(
        request,
        "partners/dashboard/offer_detail.html",
        {
            "offer": offer,
            "changes": offer.changes.select_related("user"),
            "can_delete": offer_policy.user_has_permission_for_instance(
                request.user, "delete", offer
            ),
        },
    )


@members_only
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    return offer_forms.edit(request, pk)


@members_only
@require_http_methods(["GET", "POST"])
def offer_withdraw(request, pk):
    offer = row_or_404(offer_policy, request, pk)
    if request.method == "POST":
        return change_status(
            request,
            offer,
            OfferStatus.WITHDRAWN,
            f"“{offer.title}” is withdrawn. It is kept here with its history; you can reopen "
            "it at any time.",
            "dashboard:offer_detail",
        )
    return TemplateResponse(
        request,
        "partners/dashboard/offer_confirm.html",
        {
            "offer": offer,
            "action": "withdraw",
            "question": f"Withdraw “{offer.title}”?",
            "explanation": "It will no longer be listed on the site. Nothing is deleted: you "
            "can reopen it later.",
            "button": "Yes, withdraw it",
        },
    )


@members_only
@require_POST
def offer_reopen(request, pk):
    offer = row_or_404(offer_policy, request, pk)
    if offer.is_past_end():
        messages.info(
            request,
            "Its last day has passed. Give a new “available until” date (or clear it) and "
            "choose “Available” to reopen it.",
        )
        return redirect("dashboard:offer_edit", offer.pk)
    return change_status(
        request,
        offer,
        OfferStatus.AVAILABLE,
        f"“{offer.title}” is available again.",
        "dashboard:offer_detail",
    )


@members_only
@require_http_methods(["GET", "POST"])
def offer_delete(request, pk):
    offer = row_or_404(offer_policy, request, pk)
    return delete_row(
        request,
        offer,
        offer_policy,
        "Only moderators can delete offers. You can withdraw it instead.",
        "dashboard:home",
        "partners/dashboard/offer_confirm.html",
        {
            "offer": offer,
            "action": "delete",
            "question": f"Delete “{offer.title}” for good?",
            "explanation": "The offer and its history will be gone. To stop listing it, "
            "withdraw it instead.",
            "button": "Yes, delete it",
        },
    )
