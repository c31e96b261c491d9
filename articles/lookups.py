"""What the database knows, shaped for the extraction library (which never touches
the database itself)."""

from articles.extraction.types import Lookups
from articles.text import normalise_alias
from articles.models import CountryAlias, OrganisationAlias, Origin, Person, PersonAlias


def load_lookups() -> Lookups:
    """Every country alias and every known spelling of every person, in two queries
    plus one for canonical names; editors' aliases included, so they steer the next
    extraction."""
    country_aliases = dict(CountryAlias.objects.values_list("normalised", "country__code"))
    known_people = {}
    for name in Person.objects.public().values_list("name", flat=True):
        known_people.setdefault(normalise_alias(name), name)
    for alias, name in PersonAlias.objects.filter(person__not_a_person=False).values_list("normalised", "person__name"):
        known_people[alias] = name
    return Lookups(country_aliases=country_aliases, known_people=known_people, organisations=_organisations())


def _organisations() -> dict[str, tuple[str, str, str | None]]:
    """The reference institutions, plus the spellings editors gave organisations
    (they steer the next extraction): normalised spelling -> (canonical name,
    kind, country code). Organisations the machine learnt from ORG entities are
    not added: a name seen once would otherwise be matched everywhere, and the
    result would depend on the order articles were read."""
    from articles.extraction.organisations import reference_organisations

    table = dict(reference_organisations())
    for alias, name, kind, code in OrganisationAlias.objects.filter(origin=Origin.EDITOR).values_list(
        "normalised", "organisation__name", "organisation__kind", "organisation__country__code"
    ):
        table[alias] = (name, kind, code)
    return table

