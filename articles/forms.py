"""Forms that parse the public pages' query strings.

They never reject a request: a bad value is dropped with a notice the page
shows, so a mistyped date or an unknown filter still gives a page of results.
"""

from __future__ import annotations

from django import forms

from articles.models import Article, Country, Event, EventKind, EventPhase, Organisation, Person, Quote

MAX_QUERY_LENGTH = 300
MAX_FILTERS = 6


def clean_text(value: str) -> str:
    # PostgreSQL refuses NUL in a string literal; nothing legitimate contains it.
    return (value or "").replace("\x00", "").strip()


class ListField(forms.Field):
    """A query parameter that may repeat: ?person=a&person=b."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        cleaned = []
        for item in values:
            item = clean_text(str(item))[:200]
            if item and item not in cleaned:
                cleaned.append(item)
        return cleaned[:MAX_FILTERS]


class NoticesMixin:
    """Collects one readable notice per invalid field instead of failing."""

    def notices(self) -> list[str]:
        notices = list(getattr(self, "_extra_notices", []))
        for name, errors in self.errors.items():
            shown = self.data.get(name, "")
            label = self.fields[name].label if name in self.fields else name
            notices.append(f"Ignored {label.lower()} “{shown[:40]}”: {' '.join(errors)}")
        return notices

    def _named(self, field: str, queryset, key: str, unknown: str, upper: bool = False) -> list:
        """The rows of `queryset` whose `key` a repeated filter names, in the
        order given (one query); an unknown value becomes a notice."""
        wanted = [v.upper() if upper else v for v in self.value(field, [])]
        if not wanted:
            return []
        found = {getattr(row, key): row for row in queryset.filter(**{f"{key}__in": wanted})}
        for value in wanted:
            if value not in found:
                self._extra_notices.append(unknown.format(value[:40]) + ": that filter was ignored.")
        return [found[v] for v in wanted if v in found]

    def _one(self, field: str, queryset, key: str, unknown: str):
        """The row of `queryset` whose `key` the filter names, or None (an
        unknown value becomes a notice)."""
        value = self.value(field)
        if not value:
            return None
        found = queryset.filter(**{key: value}).first()
        if found is None:
            self._extra_notices.append(unknown.format(value[:40]) + ": that filter was ignored.")
        return found

    def value(self, name, default=None):
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name, default) if name not in self.errors else default


class QueryField(forms.CharField):
    def to_python(self, value):
        return clean_text(super().to_python(value))[:MAX_QUERY_LENGTH]


class ArticleFilterForm(NoticesMixin, forms.Form):
    SORTS = [("best", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]

    q = QueryField(required=False, label="Search articles")
    person = ListField(required=False, label="Person")
    country = ListField(required=False, label="Country")
    organisation = ListField(required=False, label="Organisation")
    # An article has one outlet, so several outlets widen the results (or).
    source = ListField(required=False, label="Outlet")
    sort = forms.ChoiceField(required=False, label="Sort", choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added here.
        self.fields["from"] = forms.DateField(
            required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def resolve(self) -> tuple[list[Person], list[Country], list[Organisation]]:
        """The people, countries and organisations the filters name, in the
        order given; an unknown slug or code becomes a notice. One query for
        each kind named."""
        self._extra_notices = []
        people = self._named("person", Person.objects.public(), "slug", "No person “{}”")
        countries = self._named("country", Country.objects.all(), "code", "No country with the code “{}”", upper=True)
        organisations = self._named("organisation", Organisation.objects.all(), "slug", "No organisation “{}”")
        return people, countries, organisations

    def articles(self, *entities):
        """The articles the words, the dates and every named entity select
        (pass the lists resolve() gave)."""
        queryset = Article.objects.matching(self.value("q", "")).published_between(
            self.value("from"), self.value("to")
        )
        if sources := self.value("source", []):
            queryset = queryset.filter(source__in=sources)
        for entity in [e for group in entities for e in group]:
            queryset = queryset.mentioning(entity)
        return queryset

    def chosen_sort(self) -> str:
        """The order asked for; best match by default when there are words to
        rank by, newest first otherwise (and for "best" without words)."""
        sort = self.value("sort") or "best"
        return sort if self.value("q", "") or sort != "best" else "newest"


class SearchForm(NoticesMixin, forms.Form):
    q = QueryField(required=False, label="Search")


class QuoteFilterForm(NoticesMixin, forms.Form):
    q = QueryField(required=False, label="Search quotes")
    speaker = forms.CharField(required=False, label="Speaker", max_length=200)
    organisation = forms.CharField(required=False, label="Organisation", max_length=200)
    country = forms.CharField(required=False, label="Country", max_length=3)
    article = forms.CharField(required=False, label="Article", max_length=200)
    fragments = forms.BooleanField(required=False, label="Include fragments")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added here.
        self.fields["from"] = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_organisation(self):
        return clean_text(self.cleaned_data["organisation"])

    def quotes(self, fragments_by_default: bool = False):
        """The quotes the filters select, newest first is the caller's to ask;
        the person, organisation and country they name are kept on the form
        (speaker, organisation, country) and an unknown one becomes a notice.
        Fragments inside a narrator's sentence are left out unless asked for
        (the pages lead with full quotations)."""
        self._extra_notices = []
        quotes = (
            Quote.objects.active()
            .with_article()
            .search(self.value("q", ""))
            .published_between(self.value("from"), self.value("to"))
        )
        if not (fragments_by_default or self.value("fragments")):
            quotes = quotes.filter(partial=False)
        self.speaker = self._one("speaker", Person.objects.public(), "slug", "No person “{}”")
        self.organisation = self._one("organisation", Organisation.objects.all(), "slug", "No organisation “{}”")
        self.country = self._one("country", Country.objects.all(), "code", "No country with the code “{}”")
        self.article = self._one("article", Article.objects.only("pk", "slug", "title"), "slug", "No article “{}”")
        if self.article:
            quotes = quotes.filter(article=self.article)
        if self.speaker:
            quotes = quotes.filter(speaker=self.speaker)
        if self.organisation:
            quotes = quotes.filter(speaker_organisation=self.organisation)
        if self.country:
            quotes = quotes.mentioning(self.country)
        return quotes

    def clean_speaker(self):
        return clean_text(self.cleaned_data["speaker"])

    def clean_article(self):
        return clean_text(self.cleaned_data["article"])

    def clean_country(self):
        return clean_text(self.cleaned_data["country"]).upper()



class EventFilterForm(NoticesMixin, forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind", choices=[("", "Any kind"), *EventKind.choices])
    phase = forms.ChoiceField(required=False, label="Status", choices=[("", "Any status"), *EventPhase.choices])
    country = ListField(required=False, label="Country")
    person = forms.CharField(required=False, label="Person", max_length=200)
    article = forms.CharField(required=False, label="Article", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_person(self):
        return clean_text(self.cleaned_data["person"])

    def clean_article(self):
        return clean_text(self.cleaned_data["article"])

    def events(self):
        """The active events the filters select (every country named and the
        person take part: two countries are a pair's events), unordered. The
        countries, person and article named are kept on the form (countries,
        person, article); an unknown one becomes a notice. One query for each
        kind named."""
        self._extra_notices = []
        events = Event.objects.active()
        if kind := self.value("kind"):
            events = events.filter(kind=kind)
        if phase := self.value("phase"):
            events = events.filter(phase=phase)
        self.countries = self._named("country", Country.objects.all(), "code", "No country with the code “{}”", upper=True)
        self.person = self._one("person", Person.objects.public(), "slug", "No person “{}”")
        for entity in [*self.countries, *([self.person] if self.person else [])]:
            events = events.involving(entity)
        self.article = self._one("article", Article.objects.only("pk", "slug", "title"), "slug", "No article “{}”")
        if self.article:
            events = events.reported_in(self.article)
        if start := self.value("from"):
            events = events.filter(anchor__gte=start)
        if end := self.value("to"):
            events = events.filter(anchor__lte=end)
        return events
