"""Call-outs in the partner dashboard (``/dashboard/callouts/``) and the "I can help" link
(``/reserve/help/<token>/``).

Members see and start call-outs for their own organisation's emergency needs when it is
verified, moderators for every organisation (:func:`reserve.callouts.may_call_out`); a
call-out of another organisation is "not found" (404). The link needs no sign-in: opening it
shows one button (mail scanners open links and must not answer for anyone); the button says
yes, once.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from needs import flow
from needs.permissions import need_policy
from partners.views import members_only

from . import callouts
from .models import CallOut


def _needs(user):
    return need_policy.instances_user_has_permission_for(user, "change")


def _callout_or_404(request, pk):
    return get_object_or_404(
        CallOut.objects.filter(need__in=_needs(request.user).values("pk")).select_related(
            "need__organisation"
        ),
        pk=pk,
    )


@never_cache
@members_only
def callout_list(request):
    needs = _needs(request.user).select_related("organisation")
    return TemplateResponse(
        request,
        "reserve/list.html",
        {
            "can_call": [
                need
                for need in callouts.emergency_needs(request.user, needs)[:100]
                if callouts.may_call_out(request.user, need)
            ],
            "callouts": CallOut.objects.filter(need__in=needs.values("pk")).select_related(
                "need__organisation"
            )[:100],
        },
    )


@never_cache
@members_only
@require_POST
def callout_start(request, need):
    need = get_object_or_404(_needs(request.user).select_related("organisation"), pk=need)
    if not callouts.may_call_out(request.user, need):
        messages.error(
            request,
            "Only moderators and verified organisations can call out the Reserve, and only "
            "for an emergency need.",
        )
        return redirect("reserve:list")
    message = request.POST.get("message", "")[:1000]
    try:
        callout = callouts.start(need, request.user, message)
    except flow.StepRefused as refused:
        messages.error(request, str(refused))
        return redirect("reserve:list")
    messages.success(request, "The Reserve is being called out: the e-mails go out in batches.")
    return redirect("reserve:detail", callout.pk)


@never_cache
@members_only
def callout_detail(request, pk):
    callout = _callout_or_404(request, pk)
    return TemplateResponse(
        request,
        "reserve/detail.html",
        {"callout": callout, "need": callout.need, "counts": callouts.counts(callout)},
    )


@never_cache
@members_only
def callout_counts(request, pk):
    return JsonResponse(callouts.counts(_callout_or_404(request, pk)))


@never_cache
@require_http_methods(["GET", "POST"])
def yes(request, token):
    """The "I can help" link of a call-out e-mail: GET shows the need and one button, and only
    the button's POST says yes (once; a second POST is refused as "already answered").

    Saying yes on GET would be one click less, and wrong: mail link scanners (Microsoft
    Defender Safe Links and the like) open every link of an e-mail before its reader does,
    and would record yeses nobody gave, holding places real volunteers then cannot have.
    """
    ask = callouts.read(token)
    if ask is None:
        return TemplateResponse(request, "reserve/link_invalid.html", status=400)
    problem = callouts.problem(ask)
    if not problem and request.method == "POST":
        try:
            ask = callouts.say_yes(ask)
        except flow.StepRefused:
            problem = "full"
        else:
            return redirect("reserve:thanks", ask.application.pk)
    return TemplateResponse(
        request,
        "reserve/yes.html",
        {"ask": ask, "need": ask.callout.need, "problem": problem},
        status=410 if problem else 200,
    )


@never_cache
def thanks(request, pk):
    """After yes: sign in, then confirm (the application's own page asks)."""
    if not request.user.is_authenticated:
        return TemplateResponse(request, "reserve/thanks.html", {"pk": pk})
    return redirect("applications:detail", pk)
