"""The hub's rows as Open Referral UK v3 objects.

* partner organisation → ``organization`` (its charity number as an identifier, its kind as
  an attribute); only what its public page shows: never ``private_contact_email``;
* available offer, active partnership project → ``service``, with its ``service_area`` (the
  reach around its postcode), ``schedules`` (an offer's availability and regular times, a
  project's repeating events), ``cost_options``, the organisation's public contacts and its
  taxonomy terms as ``attributes``;
* where an offer or project is → ``location`` (with the organisation's street address when it
  is at the organisation's postcode) and its ``service_at_location``, with the venue's
  accessibility features.

Functions named ``*_item`` give the one-to-one fields a list shows; the others the full,
nested objects. They read only what the queryset loaded (see :mod:`openreferral.queries`).
"""

from html import unescape

from django.utils.html import strip_tags

from events import recurrence
from hub.accessibility import FEATURES
from partners.challenges import CHALLENGES

from . import ids
from .filters import DAYS
from .taxonomy import CHALLENGES_TAXONOMY, OFFER_KINDS, ORGANISATION_KINDS, term_for, term_json

REGISTER_SCHEMES = {
    "England and Wales": "GB-CHC",
    "Scotland": "GB-SC",
    "Northern Ireland": "GB-NIC",
}


def plain(html):
    return " ".join(unescape(strip_tags(html or "")).split())


def _set(data, **values):
    """``data`` with the values that are not empty."""
    data.update({key: value for key, value in values.items() if value not in (None, "", [])})
    return data


class Serialiser:
    """Turns rows into ORUK objects for one request (absolute addresses, the offers page)."""

    def __init__(self, request, offers_base):
        self.request = request
        self.offers_base = offers_base  # the site's /offers/ address, or ""

    def url(self, path):
        return self.request.build_absolute_uri(path) if path else ""

    # --- organisations ---------------------------------------------------------------------

    def organization_item(self, organisation):
        return _set(
            {
                "id": ids.make("organisation", organisation.pk),
                "name": organisation.title,
                "description": plain(organisation.description) or organisation.title,
            },
            email=organisation.public_email,
            website=organisation.website,
            uri=self.url(organisation.get_url(self.request)),
        )

    def organization(self, organisation, services=()):
        data = self.organization_item(organisation)
        org_id = data["id"]
        register = organisation.charity_register
        if register:
            data["organization_identifiers"] = [
                {
                    "id": ids.make("identifier", organisation.pk),
                    "organization_id": org_id,
                    "identifier_scheme": REGISTER_SCHEMES[register],
                    "identifier_type": f"Registered charity number ({register})",
                    "identifier": organisation.charity_number,
                }
            ]
        data["attributes"] = [
            self._attribute(
                ids.make("organisation-attribute", organisation.pk),
                org_id,
                "organization",
                term_for(ORGANISATION_KINDS, organisation.kind),
            )
        ]
        data["services"] = list(services)
        return data

    # --- services ----------------------------------------------------------------------------

    def offer_item(self, offer):
        organisation = offer.organisation
        return _set(
            {
                "id": ids.make("offer", offer.pk),
                "organization_id": ids.make("organisation", organisation.pk),
                "name": offer.title,
                "status": "active",
                "organization": self.organization_item(organisation),
            },
            description=offer.description,
            url=self.url(f"{self.offers_base}{offer.pk}/" if self.offers_base else ""),
            email=organisation.public_email,
            last_modified=offer.updated_at.isoformat(),
        )

    def project_item(self, project):
        leads = list(project.lead_organisations.all())
        data = _set(
            {"id": ids.make("project", project.pk), "name": project.title, "status": "active"},
            description=project.summary,
            url=self.url(project.get_url(self.request)),
        )
        changed = project.last_published_at or project.latest_revision_created_at
        if changed:
            data["last_modified"] = changed.isoformat()
        if leads:
            data["organization_id"] = ids.make("organisation", leads[0].pk)
            data["organization"] = self.organization_item(leads[0])
            _set(data, email=leads[0].public_email)
        return data

    def offer(self, offer):
        data = self.offer_item(offer)
        service_id = data["id"]
        organisation = offer.organisation
        data["schedules"] = self._offer_schedules(offer, service_id)
        data["service_areas"] = [self._area(ids.make("service-area", offer.pk), service_id, offer)]
        data["service_at_locations"] = [self._offer_at_location(offer, service_id, full=True)]
        data["cost_options"] = [
            {
                "id": ids.make("cost-option", offer.pk),
                "service_id": service_id,
                "option": "Free",
                "amount": 0,
                "amount_description": "Offered free by the organisation.",
            }
        ]
        if organisation.public_email or organisation.phone:
            data["contacts"] = [
                _set(
                    {"id": ids.make("contact", offer.pk), "service_id": service_id},
                    name=organisation.title,
                    title=" · ".join(
                        part for part in (organisation.public_email, organisation.phone) if part
                    ),
                )
            ]
        data["attributes"] = [
            self._attribute(
                ids.make("offer-attribute", offer.pk),
                service_id,
                "service",
                term_for(OFFER_KINDS, offer.kind),
            )
        ]
        return data

    def project(self, project):
        data = self.project_item(project)
        service_id = data["id"]
        data["schedules"] = self._project_schedules(project, service_id)
        data["service_areas"] = [
            self._area(ids.make("project-area", project.pk), service_id, project)
        ]
        data["service_at_locations"] = [self._project_at_location(project, service_id, full=True)]
        data["attributes"] = [
            self._attribute(
                ids.make("project-attribute", project.pk, index + 1),
                service_id,
                "service",
                term_for(CHALLENGES_TAXONOMY, code),
            )
            for index, code in enumerate(CHALLENGES)
            if getattr(project, code)
        ]
        return data

    # --- where -------------------------------------------------------------------------------

    def offer_at_location(self, offer):
        data = self._offer_at_location(offer, ids.make("offer", offer.pk), full=False)
        data["service"] = self.offer_item(offer)
        return data

    def project_at_location(self, project):
        data = self._project_at_location(project, ids.make("project", project.pk), full=False)
        data["service"] = self.project_item(project)
        return data

    def _offer_at_location(self, offer, service_id, full):
        location_id = ids.make("offer-location", offer.pk)
        organisation = offer.organisation
        location = self._location(location_id, organisation.title, offer)
        if full:
            same_place = offer.postcode and offer.postcode == organisation.postcode
            street = organisation.address if same_place else ""
            location["addresses"] = self._addresses(
                ids.make("address", offer.pk), location_id, street, offer.postcode
            )
            location["accessibility"] = [
                {
                    "id": ids.make("accessibility", offer.pk, index + 1),
                    "location_id": location_id,
                    "description": label,
                }
                for index, (code, label) in enumerate(FEATURES.items())
                if getattr(offer, code)
            ]
        return {
            "id": ids.make("offer-at-location", offer.pk),
            "service_id": service_id,
            "location_id": location_id,
            "location": location,
        }

    def _project_at_location(self, project, service_id, full):
        location_id = ids.make("project-location", project.pk)
        location = self._location(location_id, project.area_name or project.title, project)
        if full:
            location["addresses"] = self._addresses(
                ids.make("project-address", project.pk), location_id, "", project.postcode
            )
        return {
            "id": ids.make("project-at-location", project.pk),
            "service_id": service_id,
            "location_id": location_id,
            "location": location,
        }

    @staticmethod
    def _location(location_id, name, row):
        return _set(
            {"id": location_id, "location_type": "physical", "name": name},
            description=f"Within {row.radius_miles} miles of {row.postcode}"
            if row.postcode
            else "",
            latitude=row.latitude,
            longitude=row.longitude,
        )

    @staticmethod
    def _addresses(address_id, location_id, street, postcode):
        if not postcode:
            return []
        lines = [line.strip() for line in street.splitlines() if line.strip()]
        return [
            {
                "id": address_id,
                "location_id": location_id,
                "address_1": ", ".join(lines[:-1] if len(lines) > 1 else lines),
                "city": lines[-1] if len(lines) > 1 else "",
                "state_province": "",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]

    @staticmethod
    def _area(area_id, service_id, row):
        return _set(
            {"id": area_id, "service_id": service_id},
            name=f"Within {row.radius_miles} miles of {row.postcode}" if row.postcode else "",
            extent=getattr(row, "area_name", ""),
            extent_type="text" if getattr(row, "area_name", "") else "",
        )

    # --- when --------------------------------------------------------------------------------

    @staticmethod
    def _offer_schedules(offer, service_id):
        text = offer.regular_times.lower()
        days = [code for code, name in DAYS.items() if name.lower() in text]
        if not (offer.available_from or offer.available_until or offer.regular_times):
            return []
        return [
            _set(
                {"id": ids.make("schedule", offer.pk), "service_id": service_id},
                valid_from=offer.available_from and offer.available_from.isoformat(),
                valid_to=offer.available_until and offer.available_until.isoformat(),
                freq="WEEKLY" if days else "",
                byday=",".join(days),
                description=offer.regular_times,
                attending_type="in person",
            )
        ]

    def _project_schedules(self, project, service_id):
        schedules = []
        for index, link in enumerate(project.scheduled_links):
            event = link.event
            parts = recurrence.rrule_parts(event.repeat, event.start_date)
            byday = parts.get("BYDAY") or list(DAYS)[event.start_date.weekday()]
            schedules.append(
                _set(
                    {
                        "id": ids.make("project-schedule", project.pk, index + 1),
                        "service_id": service_id,
                        "freq": parts["FREQ"],
                        "interval": parts.get("INTERVAL", 1),
                        "byday": byday,
                    },
                    dtstart=event.start_date.isoformat(),
                    valid_from=event.start_date.isoformat(),
                    valid_to=event.repeat_until and event.repeat_until.isoformat(),
                    opens_at=event.start_time and event.start_time.strftime("%H:%M"),
                    closes_at=event.end_time and event.end_time.strftime("%H:%M"),
                    description=f"{event.title}: {event.repeat_description}",
                    schedule_link=self.url(event.get_url(self.request)),
                    attending_type="online"
                    if event.online_url and not event.postcode
                    else "in person",
                )
            )
        return schedules

    @staticmethod
    def _attribute(attribute_id, link_id, link_type, term):
        return {
            "id": attribute_id,
            "link_id": link_id,
            "link_type": link_type,
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_json(term),
        }
