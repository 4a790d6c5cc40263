"""The volunteer's side of the application flow: apply, answer, confirm, withdraw.

``needs:apply`` (``/volunteer/opportunities/<uuid>/apply/``) and the volunteer's own list at
``/volunteer/applications/``. Every view works on the signed-in volunteer's own applications
only: another volunteer's is "not found" (404) whatever id is guessed. Personal, so never
cached (:func:`volunteering.views.passport_required`).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from volunteering.views import passport_required

from . import flow
from .choices import ApplicationStatus, WithdrawnBy
from .flow_forms import ApplyForm, ReasonForm
from .models import Application, Need

Status = ApplicationStatus


@passport_required
@require_http_methods(["GET", "POST"])
def apply(request, uuid):
    need = get_object_or_404(Need.objects.public().select_related("organisation"), uuid=uuid)
    volunteer = request.volunteer
    existing = Application.objects.filter(need=need, volunteer=volunteer).first()
    if existing and existing.status not in (Status.INVITED, Status.WITHDRAWN):
        return redirect("applications:detail", existing.pk)
    form = ApplyForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            application = flow.apply(need, volunteer, form.cleaned_data["message"])
        except flow.StepRefused as refused:
            problem = str(refused)
        else:
            messages.success(request, DONE_APPLY[application.status].format(need=need))
            return redirect("applications:detail", application.pk)
    return TemplateResponse(
        request,
        "needs/flow/apply.html",
        {"need": need, "form": form, "problem": problem, "invited": existing},
        status=400 if form.errors or problem else 200,
    )


DONE_APPLY = {
    Status.APPLIED: "You have applied for “{need.title}”. The organisation will answer by e-mail.",
    Status.CONFIRMED: "Thank you: you are confirmed for “{need.title}”.",
}


def _own(request, pk):
    return get_object_or_404(
        Application.objects.filter(volunteer=request.volunteer).select_related(
            "need__organisation"
        ),
        pk=pk,
    )


@passport_required
def application_list(request):
    applications = (
        Application.objects.filter(volunteer=request.volunteer)
        .select_related("need__organisation")
        .order_by("-updated_at", "-pk")[:200]
    )
    return TemplateResponse(
        request, "needs/flow/my_applications.html", {"applications": applications}
    )


@passport_required
def detail(request, pk, form=None, problem="", status=200):
    application = _own(request, pk)
    return TemplateResponse(
        request,
        "needs/flow/my_application.html",
        {
            "application": application,
            "need": application.need,
            "reason_form": form or ReasonForm(),
            "problem": problem,
            "may_withdraw": application.status in flow.WITHDRAWABLE,
            "today": timezone.localdate(),
        },
        status=status,
    )


@passport_required
@require_POST
def confirm(request, pk):
    application = _own(request, pk)
    try:
        flow.confirm(application)
    except flow.StepRefused as refused:
        return detail(request, pk, problem=str(refused), status=409)
    messages.success(request, f"Thank you: you are confirmed for “{application.need.title}”.")
    return redirect("applications:detail", pk)


@passport_required
@require_POST
def withdraw(request, pk):
    application = _own(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, form=form, status=400)
    try:
        flow.withdraw(application, WithdrawnBy.VOLUNTEER, request.user, form.cleaned_data["reason"])
    except flow.StepRefused as refused:
        return detail(request, pk, form=form, problem=str(refused), status=409)
    messages.success(request, f"You have withdrawn from “{application.need.title}”.")
    return redirect("applications:detail", pk)
