"""The hub's own vocabularies, published as Open Referral taxonomies with stable term ids.

Three lists the hub already keeps in code: the kinds of offer (each offer has one), the
challenges a partnership project addresses (a project ticks several) and the kinds of
organisation. A term's id is a UUID 5 of the taxonomy's code and the term's code
(:func:`openreferral.ids.term`), so it stays the same on every hub and after every rename.
"""

from dataclasses import dataclass

from partners.challenges import CHALLENGES
from partners.choices import OfferKind, OrganisationKind

from . import ids


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str
    terms: dict  # term code: label

    @property
    def id(self):
        return ids.term(self.code, "")


OFFER_KINDS = Taxonomy(
    "offer-kind",
    "Neighbour Day Hub: kinds of offer",
    "What a partner organisation offers: volunteers, a venue, food, transport...",
    dict(OfferKind.choices),
)
CHALLENGES_TAXONOMY = Taxonomy(
    "challenge",
    "Neighbour Day Hub: challenges",
    "The social challenges a partnership project addresses.",
    CHALLENGES,
)
ORGANISATION_KINDS = Taxonomy(
    "organisation-kind",
    "Neighbour Day Hub: kinds of organisation",
    "Faith groups, charities, councils, NHS bodies and the other kinds of partner.",
    dict(OrganisationKind.choices),
)
TAXONOMIES = [OFFER_KINDS, CHALLENGES_TAXONOMY, ORGANISATION_KINDS]


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    name: str

    @property
    def id(self):
        return ids.term(self.taxonomy.code, self.code)


TERMS = [
    Term(taxonomy, code, name) for taxonomy in TAXONOMIES for code, name in taxonomy.terms.items()
]
TERMS_BY_ID = {term.id: term for term in TERMS}
TAXONOMIES_BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}


def term_for(taxonomy, code):
    return Term(taxonomy, code, taxonomy.terms[code])


def taxonomy_json(taxonomy, with_terms=True):
    data = {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": "1",
    }
    if with_terms:
        data["taxonomy_terms"] = [term_json(term) for term in TERMS if term.taxonomy == taxonomy]
    return data


def term_json(term):
    return {
        "id": term.id,
        "name": term.name,
        "description": f"{term.name} ({term.taxonomy.name})",
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy.id,
        "term": term.code,
    }
