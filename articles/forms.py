"""Forms that parse the public pages' query strings.

They never reject a request: a bad value is dropped with a notice the page
shows, so a mistyped date or an unknown filter still gives a page of results.
"""

from __future__ import annotations

from django import forms

from articles.models import Article, Country, Person

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

    def resolve(self) -> tuple[list[Person], list[Country]]:
        """The people and countries the filters name, in the order given; an
        unknown slug or code becomes a notice. One query for each kind named."""
        slugs, codes = self.value("person", []), [c.upper() for c in self.value("country", [])]
        self._extra_notices = []
        people = {p.slug: p for p in Person.objects.filter(slug__in=slugs)} if slugs else {}
        countries = {c.code: c for c in Country.objects.filter(code__in=codes)} if codes else {}
        for slug in slugs:
            if slug not in people:
                self._extra_notices.append(f"No person “{slug[:40]}”: that filter was ignored.")
        for code in codes:
            if code not in countries:
                self._extra_notices.append(f"No country with the code “{code[:10]}”: that filter was ignored.")
        return [people[s] for s in slugs if s in people], [countries[c] for c in codes if c in countries]

    def articles(self, people, countries):
        queryset = Article.objects.matching(self.value("q", "")).published_between(
            self.value("from"), self.value("to")
        )
        if sources := self.value("source", []):
            queryset = queryset.filter(source__in=sources)
        for entity in [*people, *countries]:
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
    country = forms.CharField(required=False, label="Country", max_length=3)

    def clean_speaker(self):
        return clean_text(self.cleaned_data["speaker"])

    def clean_country(self):
        return clean_text(self.cleaned_data["country"]).upper()

