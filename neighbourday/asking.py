"""Asking for help in a click: an organiser asks for an offer suggested to their gathering.

A gathering has no organisation, and a need (``needs.Need``) belongs to the organisation that
acts on it: so the request becomes a need of the offering organisation's, in its partner
dashboard beside its own, and that organisation is e-mailed the organiser's name and address
to reply to. The need says only what the public may see of the gathering (its kind, day,
times and postcode district; the street and the event page only for an open one), never the
organiser. A :class:`~neighbourday.models.GatheringRequest` links the gathering, the offer and
the need: one per offer, at most :data:`MAX_REQUESTS` per gathering. Cancelling or hiding the
gathering closes its needs.
"""

from django.db import transaction
from django.template.loader import render_to_string

from hub import mail
from needs.choices import NeedStatus, Timing
from needs.models import Need
from partners.choices import OfferKind

from .choices import Kind
from .models import Gathering, GatheringRequest

MAX_REQUESTS = 5


class TooManyRequests(Exception):
    pass


def _need(gathering, offer):
    place = gathering.public_place if gathering.listed else gathering.district
    kind = Kind(gathering.kind).label.split(" with ")[0].lower()
    return Need(
        organisation=offer.organisation,
        kind=offer.kind,
        title=f"{offer.get_kind_display()} for a Neighbour Day gathering in {gathering.district}"[
            :120
        ],
        description=(
            f"A neighbour organising a Neighbour Day gathering ({kind}, {place}, "
            f"{gathering.date:%A %-d %B}, {gathering.start_time:%H:%M} to "
            f"{gathering.end_time:%H:%M}, {gathering.get_people_display()} people) asked for "
            f"your offer \u201c{offer.title}\u201d. We e-mailed you their name and address: "
            "reply to them to arrange it."
        ),
        people_needed=min(offer.quantity or 1, 500) if offer.kind == OfferKind.VOLUNTEERS else None,
        quantity=offer.quantity_label[:100] if offer.kind != OfferKind.VOLUNTEERS else "",
        postcode=gathering.district,
        timing=Timing.DATED,
        starts_on=gathering.date,
        start_time=gathering.start_time,
        end_time=gathering.end_time,
        event=gathering.event if gathering.listed else None,
    )


def ask(gathering, offer, site):
    """Ask ``offer``'s organisation for it; the request (an earlier one if already asked)."""
    with transaction.atomic():
        # Locked: a double click makes one request.
        Gathering.objects.select_for_update().get(pk=gathering.pk)
        existing = GatheringRequest.objects.filter(gathering=gathering, offer=offer).first()
        if existing is not None:
            return existing
        if gathering.requests.count() >= MAX_REQUESTS:
            raise TooManyRequests
        need = _need(gathering, offer)
        need.save()
        request = GatheringRequest.objects.create(gathering=gathering, offer=offer, need=need)
        _tell_the_organisation(request, site)
    return request


def _tell_the_organisation(request, site):
    organisation = request.offer.organisation
    to = organisation.private_contact_email or organisation.public_email
    if not to:
        return  # the need in their dashboard is how they hear of it
    text = render_to_string(
        "neighbourday/email/asked.txt",
        {"request": request, "gathering": request.gathering, "organisation": organisation},
    )
    subject, _, body = text.partition("\n")
    mail.send(subject.strip(), body.lstrip(), [to], reply_to=[request.gathering.organiser_email])


def close_needs(gathering):
    """Close the open needs a cancelled or hidden gathering asked for."""
    needs = Need.objects.filter(gathering_request__gathering=gathering).exclude(
        status=NeedStatus.CLOSED
    )
    for need in needs:
        need.status = NeedStatus.CLOSED
        need.save(update_fields=["status"])


def asked(gathering):
    """The ids of the offers this gathering has asked for."""
    return set(gathering.requests.values_list("offer_id", flat=True))
