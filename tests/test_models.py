import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Country, CountryAlias, Person, PersonAlias, PersonMention, Quote

pytestmark = pytest.mark.django_db


def make_article(**fields):
    values = {"title": "Talks in Sochi", "slug": "talks-in-sochi", "body": "Text.", "content_hash": "a" * 64}
    values.update(fields)
    return Article.objects.create(**values)


def test_it_refuses_a_second_article_with_the_same_content_hash():
    make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="other-slug")


def test_it_refuses_two_articles_with_the_same_source_url():
    make_article(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="b", content_hash="b" * 64, url="https://example.org/a")


def test_it_allows_many_articles_without_a_url():
    make_article()
    make_article(slug="b", content_hash="b" * 64)
    assert Article.objects.filter(url="").count() == 2


def test_it_refuses_a_duplicate_person_alias_whatever_its_case():
    pompeo = Person.objects.create(name="Mike Pompeo")
    PersonAlias.objects.create(person=pompeo, name="Mr Pompeo")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAlias.objects.create(person=pompeo, name="mr  POMPEO")


def test_it_refuses_a_duplicate_country_alias():
    russia = Country.objects.get(code="RU")
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryAlias.objects.create(country=russia, name="The Kremlin", kind="institution")


def test_it_refuses_a_person_mentioned_twice_in_one_article():
    article = make_article()
    person = Person.objects.create(name="Sergey Lavrov")
    PersonMention.objects.create(article=article, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonMention.objects.create(article=article, person=person)


def test_it_refuses_a_quote_whose_end_is_before_its_start():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(article=article, text="x", start=10, end=5)


def test_it_gives_people_readable_unique_slugs():
    first = Person.objects.create(name="Sergei Ryabkov")
    second = Person.objects.create(name="Sergei Ryabkov")
    assert (first.slug, second.slug) == ("sergei-ryabkov", "sergei-ryabkov-2")
    assert first.get_absolute_url() == "/people/sergei-ryabkov/"


def test_it_links_countries_by_lower_case_code():
    assert Country.objects.get(code="RU").get_absolute_url() == "/countries/ru/"


def test_most_named_in_counts_articles_breaks_ties_by_name_and_skips_the_excluded_and_rejected():
    from articles.models import Status
    from tests.factories import article, country, country_mention, person, person_mention

    one, two, three, other = (article(title=f"Talks {n}") for n in ("one", "two", "three", "four"))
    zed, bob, amy, cat, dan = (person(name) for name in ("Zed Young", "Bob Stone", "Amy Bell", "Cat Moss", "Dan Hart"))
    for who, where in [(zed, one), (zed, two), (zed, three), (bob, one), (bob, two), (amy, two), (amy, three),
                       (dan, one), (cat, three), (cat, other)]:
        person_mention(where, who)
    person_mention(one, cat, status=Status.REJECTED)  # an editor said no: not counted
    ids = [one.pk, two.pk, three.pk]

    named = Person.objects.most_named_in(ids, limit=2)
    assert [(p.name, p.n) for p in named] == [("Zed Young", 3), ("Amy Bell", 2)]  # Amy before Bob: a tie, by name
    named = Person.objects.most_named_in(ids, limit=3, exclude=[zed])
    assert [(p.name, p.n) for p in named] == [("Amy Bell", 2), ("Bob Stone", 2), ("Cat Moss", 1)]
    assert [p.slug for p in named] == [amy.slug, bob.slug, cat.slug]  # the fields a facet links with
    assert Person.objects.most_named_in(Article.objects.filter(pk=other.pk).values("pk")) == [cat]  # a subquery
    assert Person.objects.most_named_in([]) == []

    country_mention(one, "RU")
    country_mention(two, "RU")
    country_mention(two, "US")
    assert [(c.code, c.name, c.n) for c in Country.objects.most_named_in(ids)] == [
        ("RU", country("RU").name, 2), ("US", country("US").name, 1)]


def test_article_counts_are_kept_through_every_write():
    from tests.factories import article, country, country_mention, person, person_mention

    lavrov, pompeo = person("Sergey Lavrov"), person("Mike Pompeo")
    one, two = article(title="Talks one"), article(title="Talks two")
    first = person_mention(one, lavrov)
    person_mention(two, lavrov)
    person_mention(two, pompeo)
    country_mention(one, "RU")

    def counts():
        return {p.name: p.article_count for p in Person.objects.all()} | {"RU": country("RU").article_count}

    assert counts() == {"Sergey Lavrov": 2, "Mike Pompeo": 1, "RU": 1}
    assert list(Person.objects.most_mentioned()) == [lavrov, pompeo]

    stale = Person.objects.get(pk=lavrov.pk)  # an editor's form, read before the next change
    first.reject()
    assert counts()["Sergey Lavrov"] == 1
    stale.name = "Sergei Lavrov"
    stale.save()  # an edit does not write back the count it read
    assert counts() == {"Sergei Lavrov": 1, "Mike Pompeo": 1, "RU": 1}

    first.restore()
    moved = PersonMention.objects.get(pk=first.pk)
    moved.person = pompeo  # a mention given to someone else: both are recounted
    moved.save()
    assert counts() == {"Sergei Lavrov": 1, "Mike Pompeo": 2, "RU": 1}
    moved.delete()
    assert counts() == {"Sergei Lavrov": 1, "Mike Pompeo": 1, "RU": 1}

    PersonMention.objects.filter(person=pompeo).delete()  # a bulk delete, as by hand
    Person.objects.recount()
    assert counts()["Mike Pompeo"] == 0
    assert list(Person.objects.mentioned()) == [Person.objects.get(pk=lavrov.pk)]


def test_any_of_finds_what_in_finds_with_one_parameter():
    first, second, third = (make_article(slug=f"a-{n}", content_hash=str(n) * 64) for n in range(3))
    wanted = [third.pk, first.pk, 10**12]
    assert set(Article.objects.filter(pk__any_of=wanted)) == set(Article.objects.filter(pk__in=wanted)) == {first, third}
    assert list(Article.objects.filter(pk__any_of=[])) == []
    assert Article.objects.filter(pk__any_of=[first]).get() == first  # rows stand for their ids, as with __in
    _, params = Article.objects.filter(pk__any_of=list(range(1000))).query.sql_with_params()
    assert len(params) == 1  # not a thousand placeholders
