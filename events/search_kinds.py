"""Events in the map search: found by the search's own EventFilter, as /events/ finds them."""

from hub.kinds import Kind

from .choices import Status


class EventsKind(Kind):
    """Events with a matching date near the place, each shown with its next matching date.

    The search parses its query string with an :class:`~events.filters.EventFilter` (the
    event questions narrow events only), so that filter is this kind's own.
    """

    name = "events"
    label = "Events"
    noun = "Event"

    def filter(self, search):
        return search.filter

    def nearest(self, search):
        return self.filter(search).nearest_events()

    def results(self, search, found):
        firsts = self.filter(search).next_occurrences([pk for pk, _ in found])
        return [self.result(search, firsts[pk], miles) for pk, miles in found if pk in firsts]

    def result(self, search, occurrence, miles):
        event = occurrence.event
        details = [event.get_category_display(), event.cost_label]
        if event.venue_name:
            details.insert(0, event.venue_name)
        if event.repeat:
            details.insert(0, event.series_label)
        status = Status.CANCELLED if occurrence.is_cancelled else event.status
        return self.page_result(
            search,
            event,
            miles,
            summary=event.summary,
            details=[" · ".join(details)],
            start=occurrence.start,
            end=occurrence.end,
            all_day=occurrence.all_day,
            status=status,
            status_label="" if status == Status.SCHEDULED else Status(status).label,
            cancelled=status == Status.CANCELLED,
        )


KINDS = [EventsKind()]
