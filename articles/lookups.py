"""What the database knows, shaped for the extraction library (which never touches
the database itself)."""

from articles.extraction.types import Lookups
from articles.text import normalise_alias
from articles.models import CountryAlias, Person, PersonAlias


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
    return Lookups(country_aliases=country_aliases, known_people=known_people)

