"""The Volunteer Passport at ``/volunteer/``: the volunteer's own room.

Every view works on the signed-in person's own passport and nothing else: another
volunteer's checks, absences or shares are "not found" (404) whatever id is guessed. All of
it is personal, so nothing here is ever page-cached (``never_cache``: ``private, no-store``).
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hub import logins

from . import export, panels, record
from .choices import DAYS, SLOTS, TIMES
from .forms import (
    AbsenceForm,
    AvailabilityForm,
    CredentialForm,
    DeleteAccountForm,
    ProfileForm,
    ShareForm,
)
from .models import AccessRecord, Volunteer


def personal(view):
    """Signed-in volunteers only (others go to sign in), and never cached anywhere."""
    return never_cache(login_required(view, login_url=reverse_lazy("account_login")))


def passport_required(view):
    """As :func:`personal`, and the passport must exist (else: start it)."""

    @personal
    def wrapped(request, *args, **kwargs):
        volunteer = Volunteer.objects.filter(user=request.user).first()
        if volunteer is None:
            return redirect("volunteering:about")
        request.volunteer = volunteer
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def availability_grid(chosen):
    """The weekly grid: a row per day, a cell per time of day."""
    chosen = set(chosen or [])
    return [
        (
            day,
            [
                (f"{day[:3].lower()}_{time}", time, f"{day[:3].lower()}_{time}" in chosen)
                for time in TIMES
            ],
        )
        for day in DAYS
    ]


@passport_required
def passport(request):
    volunteer = request.volunteer
    return TemplateResponse(
        request,
        "volunteering/passport.html",
        {
            "volunteer": volunteer,
            "credentials": volunteer.credentials.select_related("verified_organisation"),
            "tags": [tag.name for tag in volunteer.tags.all()],
            "grid": availability_grid(volunteer.availability),
            "absences": volunteer.absences.all(),
            "record": record.summary(volunteer),
            "callout_choices": Volunteer._meta.get_field("callouts_per_day").choices,
            "panels": panels.render(request, volunteer),
            "elsewhere": record.elsewhere(volunteer),
        },
    )


@personal
@require_http_methods(["GET", "POST"])
def about(request):
    volunteer = Volunteer.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST or None, instance=volunteer or Volunteer(user=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your passport is saved.")
        return redirect("volunteering:passport")
    return TemplateResponse(
        request,
        "volunteering/about.html",
        {"form": form, "starting": volunteer is None},
        status=400 if form.errors else 200,
    )


@passport_required
@require_http_methods(["GET", "POST"])
def availability(request):
    volunteer = request.volunteer
    form = AvailabilityForm(request.POST or None, initial={"slots": volunteer.availability})
    away = AbsenceForm()
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["slots"])
        volunteer.availability = [key for key in SLOTS if key in chosen]
        volunteer.save(update_fields=["availability", "updated_at"])
        messages.success(request, "Your availability is saved.")
        return redirect("volunteering:passport")
    return _availability_page(request, form, away, status=400 if form.errors else 200)


def _availability_page(request, form, away, status=200):
    volunteer = request.volunteer
    chosen = form.data.getlist("slots") if form.is_bound else volunteer.availability
    return TemplateResponse(
        request,
        "volunteering/availability.html",
        {
            "form": form,
            "away_form": away,
            "grid": availability_grid(chosen),
            "absences": volunteer.absences.all(),
        },
        status=status,
    )


@passport_required
@require_POST
def absence_add(request):
    away = AbsenceForm(request.POST)
    if away.is_valid():
        absence = away.save(commit=False)
        absence.volunteer = request.volunteer
        absence.save()
        messages.success(request, "Your dates away are saved.")
        return redirect("volunteering:availability")
    form = AvailabilityForm(initial={"slots": request.volunteer.availability})
    return _availability_page(request, form, away, status=400)


@passport_required
@require_POST
def absence_delete(request, pk):
    get_object_or_404(request.volunteer.absences, pk=pk).delete()
    messages.success(request, "Those dates are removed.")
    return redirect("volunteering:availability")


@passport_required
@require_http_methods(["GET", "POST"])
def check_add(request):
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credential = form.save(commit=False)
        credential.volunteer = request.volunteer
        credential.save()
        messages.success(request, f"Your {credential} is added.")
        return redirect("volunteering:passport")
    return TemplateResponse(
        request,
        "volunteering/check_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@passport_required
@require_POST
def check_delete(request, pk):
    credential = get_object_or_404(request.volunteer.credentials, pk=pk)
    credential.delete()
    messages.success(request, f"Your {credential} is removed from your passport.")
    return redirect("volunteering:passport")


@passport_required
@require_POST
def reserve(request):
    volunteer = request.volunteer
    per_day = request.POST.get("callouts_per_day", "")
    if per_day:
        choices = dict(Volunteer._meta.get_field("callouts_per_day").choices)
        if not per_day.isdigit() or int(per_day) not in choices:
            return HttpResponseBadRequest("Choose how many call-outs a day from the list.")
        volunteer.callouts_per_day = int(per_day)
        volunteer.save(update_fields=["callouts_per_day", "updated_at"])
        messages.success(request, f"Call-outs: {choices[volunteer.callouts_per_day].lower()}.")
        return redirect("volunteering:passport")
    volunteer.reserve = request.POST.get("reserve") == "yes"
    volunteer.reserve_joined_at = timezone.now() if volunteer.reserve else None
    volunteer.save(update_fields=["reserve", "reserve_joined_at", "updated_at"])
    if volunteer.reserve:
        messages.success(request, "Thank you: you are in the Volunteer Reserve.")
    else:
        messages.success(request, "You have left the Volunteer Reserve.")
    return redirect("volunteering:passport")


@passport_required
def my_record(request):
    volunteer = request.volunteer
    return TemplateResponse(
        request,
        "volunteering/record.html",
        {"record": record.summary(volunteer), "elsewhere": record.elsewhere(volunteer)},
    )


@passport_required
@require_http_methods(["GET", "POST"])
def sharing(request):
    volunteer = request.volunteer
    form = ShareForm(request.POST or None, volunteer=volunteer)
    verified = bool(volunteer.verified_email())
    if request.method == "POST" and verified and form.is_valid():
        share = form.save(commit=False)
        share.volunteer = volunteer
        share.save()
        messages.success(request, f"{share.organisation.title} can now see your passport.")
        return redirect("volunteering:sharing")
    return TemplateResponse(
        request,
        "volunteering/sharing.html",
        {
            "form": form,
            "verified": verified,
            "shares": volunteer.shares.filter(withdrawn_at=None).select_related("organisation"),
            "accesses": AccessRecord.objects.filter(volunteer=volunteer).select_related(
                "organisation"
            )[:200],
        },
        status=400 if form.errors or (request.method == "POST" and not verified) else 200,
    )


@passport_required
@require_POST
def share_withdraw(request, pk):
    share = get_object_or_404(request.volunteer.shares, pk=pk, withdrawn_at=None)
    share.withdrawn_at = timezone.now()
    share.save(update_fields=["withdrawn_at"])
    messages.success(request, f"{share.organisation.title} can no longer see your passport.")
    return redirect("volunteering:sharing")


@passport_required
def export_json(request):
    data = json.dumps(export.everything(request.volunteer), indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-volunteer-passport.json"'
    return response


@passport_required
def export_print(request):
    return TemplateResponse(
        request,
        "volunteering/print.html",
        {"data": export.everything(request.volunteer), "volunteer": request.volunteer},
    )


@personal
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        erase(request.user)
        logout(request)
        messages.success(request, "Your account and passport are deleted.")
        return redirect("/")
    return TemplateResponse(
        request,
        "volunteering/delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@transaction.atomic
def erase(user):
    """Erase a person at once: account, passport, checks, shares, the list of who opened it,
    and the sign-in records. Confirmed hours stay in organisations' totals, without a name."""
    names = {
        user.email,
        user.get_username(),
        *user.emailaddress_set.values_list("email", flat=True),
    }
    AccessRecord.objects.filter(viewer=user).update(viewer_name="a deleted account")
    logins.forget(*names)
    user.delete()


def privacy(request):
    """The plain-English privacy notice: public, the same for everyone, so cacheable."""
    return TemplateResponse(request, "volunteering/privacy.html", {})
