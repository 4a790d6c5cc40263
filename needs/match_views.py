"""Matching in the partner dashboard (``/dashboard/needs/``): suggested volunteers for a
need, offers that could meet a need, needs an organisation's offers could meet, and the
introductions between organisations.

Who sees what: a need's suggestions and offers are for the members of its organisation
only (not moderators, not administrators: suggestions are people, shown to the
organisation that asks); anyone else gets "not found" (404), whatever id they guess.
Introducing and deciding are for the members of the side that acts: the need's
organisation, or the offer's. Suggestions show only a first name,
the distance band, the postcode district and the matching skills and checks: nothing more
until the volunteer applies or accepts an invitation. Nothing here is cached.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partners.models import Offer
from partners.permissions import organisation_ids_for
from partners.views import members_only

from . import introductions, matching
from .models import Introduction, IntroductionStatus, Need


def dashboard(view):
    return never_cache(members_only(view))


def _own(queryset, user):
    """Rows of ``queryset`` that belong to the user's own organisations."""
    return queryset.filter(organisation__in=organisation_ids_for(user))


@dashboard
def suggestions(request, pk):
    need = get_object_or_404(_own(Need.objects, request.user).select_related("organisation"), pk=pk)
    return TemplateResponse(
        request,
        "needs/match/suggestions.html",
        {
            "need": need,
            "for_people": need.kind in matching.PEOPLE_KINDS,
            "matches": matching.suggestions(need),
        },
    )


@dashboard
def offers(request, pk):
    need = get_object_or_404(_own(Need.objects, request.user).select_related("organisation"), pk=pk)
    found = matching.offers_for(need)
    made = {i.offer_id: i for i in Introduction.objects.filter(need=need)}
    return TemplateResponse(
        request,
        "needs/match/offers.html",
        {
            "need": need,
            "for_things": need.kind in matching.THING_KINDS,
            "rows": [(offer, miles, made.get(offer.pk)) for offer, miles in found],
        },
    )


@dashboard
@require_POST
def introduce(request, pk, offer):
    """The need's side asks to be introduced to an offer's organisation."""
    need = get_object_or_404(_own(Need.objects, request.user), pk=pk)
    found = dict(matching.offers_for(need))
    chosen = next((o for o in found if o.pk == offer), None)
    if chosen is None:
        raise Http404("That offer cannot meet this need.")
    introduction = introductions.introduce(need, chosen, request.user, from_offerer=False)
    if introduction.status == IntroductionStatus.PROPOSED:
        messages.success(
            request,
            f"{chosen.organisation.title} is asked. You will see their contact details here "
            "when they accept.",
        )
    return redirect("needs_dashboard:offers", need.pk)


@dashboard
def for_offers(request):
    """The needs the user's organisations' offers could meet."""
    own = _own(Offer.objects, request.user).available().filter(kind__in=matching.THING_KINDS)
    rows = []
    for offer in own.select_related("organisation").order_by("title", "pk"):
        found = matching.needs_for(offer)
        made = {i.need_id: i for i in Introduction.objects.filter(offer=offer)}
        rows.append((offer, [(need, miles, made.get(need.pk)) for need, miles in found]))
    return TemplateResponse(request, "needs/match/for_offers.html", {"rows": rows})


@dashboard
@require_POST
def offer_introduce(request, offer, need):
    """The offering side introduces itself: accepted at once, contacts shared."""
    chosen = get_object_or_404(_own(Offer.objects, request.user), pk=offer)
    target = next((n for n, _miles in matching.needs_for(chosen) if n.pk == need), None)
    if target is None:
        raise Http404("That offer cannot meet that need.")
    introduction = introductions.introduce(target, chosen, request.user, from_offerer=True)
    if introduction.accepted:
        messages.success(request, f"You are introduced to {target.organisation.title}.")
    return redirect("needs_dashboard:introductions")


@dashboard
def introductions_list(request):
    ids = organisation_ids_for(request.user)
    rows = []
    for introduction in (
        Introduction.objects.filter(Q(need__organisation__in=ids) | Q(offer__organisation__in=ids))
        .select_related(
            "need__organisation", "need__created_by", "offer__organisation", "proposed_by"
        )
        .select_related("decided_by")[:200]
    ):
        offering = introduction.offer.organisation_id in ids
        other = introduction.need.organisation if offering else introduction.offer.organisation
        rows.append(
            {
                "introduction": introduction,
                "offering": offering,
                "other": other,
                "contacts": introductions.contacts(introduction, other),
                "may_decide": offering and introduction.status == IntroductionStatus.PROPOSED,
            }
        )
    return TemplateResponse(request, "needs/match/introductions.html", {"rows": rows})


@dashboard
@require_POST
def decide(request, pk, action):
    if action not in ("accept", "decline"):
        raise Http404
    introduction = get_object_or_404(
        Introduction.objects.filter(
            offer__organisation__in=organisation_ids_for(request.user),
            status=IntroductionStatus.PROPOSED,
        ),
        pk=pk,
    )
    introductions.decide(introduction, request.user, accept=action == "accept")
    if action == "accept":
        messages.success(request, f"You are introduced to {introduction.need.organisation}.")
    else:
        messages.success(request, "The introduction is declined.")
    return redirect("needs_dashboard:introductions")
