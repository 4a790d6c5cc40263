"""Everything the hub holds about a volunteer, for their own download (UK GDPR access and
portability). Only the volunteer gets this: it is the one place certificate numbers are
decrypted."""

from . import record
from .choices import CAUSES, SKILLS


def _date(value):
    return value.isoformat() if value else None


def everything(volunteer):
    user = volunteer.user
    return {
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
            "joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
        },
        "passport": {
            "display_name": volunteer.display_name,
            "postcode": volunteer.postcode,
            "district": volunteer.district,
            "travel_miles": volunteer.travel_miles,
            "online_only": volunteer.online_only,
            "about": volunteer.about,
            "skills": [label for key, label in SKILLS.items() if getattr(volunteer, key)],
            "other_skills": sorted(tag.name for tag in volunteer.tags.all()),
            "languages": volunteer.languages,
            "causes": [label for key, label in CAUSES.items() if getattr(volunteer, key)],
            "availability": volunteer.availability_labels,
            "away": [
                {"from": _date(absence.starts_on), "back": _date(absence.ends_on)}
                for absence in volunteer.absences.all()
            ],
            "volunteer_reserve": volunteer.reserve,
            "reserve_joined": _date(volunteer.reserve_joined_at),
            "created": _date(volunteer.created_at),
            "updated": _date(volunteer.updated_at),
        },
        "checks": [
            {
                "kind": credential.get_kind_display(),
                "workforce": credential.get_workforce_display(),
                "issued": _date(credential.issued_on),
                "expires": _date(credential.expires_on),
                "dbs_update_service": credential.update_service,
                "certificate_number": credential.number,
                "status": credential.status_label,
                "verified": _date(credential.verified_at),
                "verified_by_organisation": credential.verified_organisation.title
                if credential.verified_organisation
                else None,
                "revoked": _date(credential.revoked_at),
            }
            for credential in volunteer.credentials.select_related("verified_organisation")
        ],
        "shared_with": [
            {
                "organisation": share.organisation.title,
                "role": share.role,
                "checks": share.include_checks,
                "availability": share.include_availability,
                "record": share.include_record,
                "email": share.include_email,
                "since": _date(share.created_at),
                "withdrawn": _date(share.withdrawn_at),
            }
            for share in volunteer.shares.select_related("organisation")
        ],
        "opened_by": [
            {
                "who": access.viewer_name,
                "organisation": access.organisation.title if access.organisation else None,
                "what": access.action,
                "when": _date(access.at),
            }
            for access in volunteer.accesses.select_related("organisation")
        ],
        "record": [
            {
                "organisation": entry.organisation.title,
                "role": entry.role,
                "date": _date(entry.date),
                "hours": str(entry.hours),
                "confirmed": _date(entry.confirmed_at),
            }
            for entry in volunteer.service.select_related("organisation")
        ],
        # What other apps hold of theirs (their Neighbour Day gatherings), by heading.
        "elsewhere": {
            heading: [
                {"title": entry.title, "date": _date(entry.date), "status": entry.status}
                for entry in entries
            ]
            for heading, entries in record.elsewhere(volunteer)
        },
    }
