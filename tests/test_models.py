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
