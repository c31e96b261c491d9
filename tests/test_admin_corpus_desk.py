"""The editors' desk at corpus scale: likely duplicates with their evidence,
"not a person", setting the speaker of many quotes at once, pickers that tell
namesakes apart, and the quote seen in its paragraph."""

import pytest
from django.urls import reverse

from articles.duplicates import evidence_for, likely_duplicates
from articles.extraction import Extraction, PersonFound, QuoteFound
from articles.ingest import ingest_extracted
from articles.models import Origin, Person, PersonMention, Quote, Status
from tests import factories as f
from tests.admin_support import make_editor
from tests.test_ingest import source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


def changelist(model_name: str) -> str:
    return reverse(f"admin:articles_{model_name}_changelist")


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Donald Trump", "Donald J. Trump", True),
        ("Vladimir Putin", "Vladimir V. Putin", True),
        ("Kim Jong Un", "Kim Jong-un", True),
        ("Bashar Assad", "Bashar al-Assad", True),
        ("Steve Mnuchin", "Steven Mnuchin", True),
        ("John Boehner", "John A. Boehner", True),
        ("Eric Holder", "Eric H. Holder Jr.", False),  # a Jr. is never folded into a name without one
        ("Donald Trump", "Donald Trump Jr.", False),
        ("Donald Trump", "Melania Trump", False),
        ("George W. Bush", "George H. W. Bush", False),
    ],
)
def test_it_says_why_two_names_may_be_one_human(a, b, same):
    assert bool(evidence_for(a, b)) is same


def test_it_lists_likely_duplicates_with_evidence_and_merges_a_pair_in_one_step(client, editor):
    articles = [f.article(f"Talks {n}", "Vladimir Putin spoke.") for n in range(3)]
    putin, middle = f.person("Vladimir Putin"), f.person("Vladimir V. Putin")
    for article in articles:
        f.person_mention(article, putin)
    f.person_mention(articles[0], middle, spans=[])
    f.person_mention(articles[0], f.person("Melania Trump"), spans=[])
    f.person_mention(articles[1], f.person("Donald Trump"), spans=[])

    pairs = likely_duplicates()
    assert [(p.first.name, p.second.name, p.together) for p in pairs] == [("Vladimir Putin", "Vladimir V. Putin", 1)]
    assert pairs[0].evidence == ["the same first name and surname", "a middle name or initial dropped"]

    page = client.get(reverse("admin:articles_person_duplicates"))
    assert page.status_code == 200 and "a middle name or initial dropped" in page.content.decode()
    confirmation = client.post(
        changelist("person"), {"action": "merge_selected", "_selected_action": [middle.pk, putin.pk]}
    )
    # The most mentioned, fullest name is offered as the survivor.
    assert confirmation.context["survivor_pk"] == str(putin.pk)


def test_it_hides_a_record_marked_not_a_person_and_never_links_the_name_again(client, editor):
    article = f.article("Notes", 'Email Sign up here. "We will see," Email Sign said.')
    junk = f.person("Email Sign")
    f.person_mention(article, junk)
    said = f.quote(article, "We will see,", junk)

    response = client.post(changelist("person"), {"action": "mark_not_a_person", "_selected_action": [junk.pk]})
    assert response.status_code == 302

    assert client.get(junk.get_absolute_url()).status_code == 404
    assert "Email Sign" not in client.get(reverse("articles:person_list")).content.decode()
    assert junk.get_absolute_url() not in client.get(article.get_absolute_url()).content.decode()
    said.refresh_from_db()
    assert (said.speaker, said.origin, said.speaker_as_written) == (None, Origin.EDITOR, "Email Sign")
    assert PersonMention.objects.get(person=junk).status == Status.REJECTED

    # The next article naming it does not link it, nor make a new "Email Sign".
    ingest_extracted([(source("Later\n\nEmail Sign again."), Extraction(
        people=[PersonFound("Email Sign", mentions=1, spans=[(0, 10)])],
        quotes=[QuoteFound("again", "Email Sign", "Email Sign", False, 0, 11, 16)],
    ))])
    assert Person.objects.filter(name="Email Sign").count() == 1
    assert PersonMention.objects.filter(person=junk).count() == 1
    assert Quote.objects.get(text="again").speaker is None


def test_it_sets_the_speaker_of_selected_quotes_after_a_confirmation(client, editor):
    article, lavrov, said = f.lavrov_article()
    other = f.quote(article, "Pompeo said the United States would keep talking.")
    melania, donald = f.person("Melania Trump"), f.person("Donald Trump")
    Quote.objects.filter(pk__in=[said.pk, other.pk]).update(speaker=melania)
    selected = {"action": "set_speaker", "_selected_action": [said.pk, other.pk]}

    confirmation = client.post(changelist("quote"), selected)
    assert "admin/articles/quote/set_speaker.html" in [t.name for t in confirmation.templates]
    done = client.post(changelist("quote"), {**selected, "confirm": "yes", "speaker": donald.pk}, follow=True)

    assert "Set the speaker of 2 quote(s) to Donald Trump." in done.content.decode()
    assert set(Quote.objects.values_list("speaker", "origin")) == {(donald.pk, Origin.EDITOR)}


def test_it_shows_a_quote_in_its_paragraph_and_no_offsets_to_edit(client, editor):
    article, _, said = f.lavrov_article()
    page = client.get(reverse("admin:articles_quote_change", args=[said.pk])).content.decode()
    assert "<mark>We see that there are suspicions and prejudices,</mark>" in page
    assert 'name="start"' not in page and 'name="end"' not in page


def test_it_lists_the_most_mentioned_namesake_first_when_searching_people(client):
    donald, melania = f.person("Donald Trump"), f.person("Melania Trump")
    for n in range(3):
        f.person_mention(f.article(f"Rally {n}", "Donald Trump spoke."), donald)
    f.person_mention(f.article("Visit", "Melania Trump visited."), melania)
    page = client.get(reverse("articles:person_list"), {"q": "Trump"})
    assert [p.name for p in page.context["page"].object_list] == ["Donald Trump", "Melania Trump"]
