"""The editors' desk: where people correct what the machine extracted.

Rules that hold on every page here:
- whatever an editor saves is marked origin=editor, so ingestion never overwrites it;
- mentions and quotes are never deleted from the admin: deleting one (from an
  inline or the "Reject" action) marks it rejected, so the machine never puts
  it back;
- every list costs a fixed number of queries whatever the rows shown
  (select_related, counts as subqueries, no per-row lookups), and searches the
  article full-text index on PostgreSQL;
- every correction is recorded by django-simple-history with the editor's name.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from articles import search_index
from articles.admin_widgets import PreloadedAutocompleteMixin, TextWithNewlines
from articles.history import correction_log, ensure_baseline
from articles.merging import MergeError, merge_people, people_for_merge
from articles.models import (
    Article,
    Country,
    CountryAlias,
    CountryMention,
    Event,
    EventCountry,
    EventReport,
    Organisation,
    OrganisationAlias,
    OrganisationMention,
    Job,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
    count_subquery,
)
from articles.text import normalise_alias

TEXT_FIELDS = {models.TextField: {"form_class": TextWithNewlines}}


class DeskMixin:
    """What every page of the desk shares. Lists do not count the whole table
    (a second COUNT over 37,000 articles per page); and whatever a request
    writes, the derived data of the articles it touched (search vectors,
    dates) is refreshed once, when the request's writes are done."""

    show_full_result_count = False

    def changeform_view(self, request, *args, **kwargs):
        with search_index.deferred():
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with search_index.deferred():
            return super().changelist_view(request, *args, **kwargs)


class DeskAdmin(DeskMixin, SimpleHistoryAdmin):
    """A desk page for a model with history."""


class EditorSavesMixin:
    """Marks what the editor saves (the object and inline rows) as origin=editor,
    and turns inline deletions of rows with a status into rejections."""

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # only the inlines changed: no empty history entry for the object
        if change:
            ensure_baseline(type(obj), [obj.pk])
        mark_edited(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        ensure_baseline(formset.model, [obj.pk for obj in [*instances, *formset.deleted_objects]])
        for obj in instances:
            mark_edited(obj)
            obj.save()
        for obj in formset.deleted_objects:
            if hasattr(obj, "reject"):
                obj.reject(by=request.user)
            else:
                obj.delete()
        formset.save_m2m()


def mark_edited(obj) -> None:
    """Rows with provenance say the editor made them; aliases record it in their origin."""
    if hasattr(obj, "mark_edited"):
        obj.mark_edited()
    elif any(f.name == "origin" for f in obj._meta.concrete_fields):
        obj.origin = Origin.EDITOR


class RejectInsteadOfDeleteMixin:
    """For mentions and quotes: no delete anywhere, reject and restore actions instead."""

    actions = ["reject_selected", "restore_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Reject selected rows (kept, hidden, never re-added by the machine)", permissions=["change"])
    def reject_selected(self, request, queryset):
        changed = queryset.reject(by=request.user)
        self.message_user(request, f"Rejected {changed} row(s).", messages.SUCCESS)

    @admin.action(description="Restore selected rows (active again)", permissions=["change"])
    def restore_selected(self, request, queryset):
        changed = queryset.restore(by=request.user)
        self.message_user(request, f"Restored {changed} row(s).", messages.SUCCESS)


class RejectingInline(PreloadedAutocompleteMixin, admin.TabularInline):
    """An inline whose "Delete" box rejects the row (see EditorSavesMixin)."""

    extra = 0
    readonly_fields = ["origin"]

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class MentionInline(RejectingInline):
    """The people or the countries an article mentions (model given by subclass)."""

    def __init__(self, parent_model, admin_site):
        entity, named = self.model.entity, self.model.entity_model()._meta
        self.fields = [entity, "count", "status", "origin"]
        self.autocomplete_fields = [entity]
        self.verbose_name = f"{named.verbose_name} mentioned"
        self.verbose_name_plural = f"{named.verbose_name_plural} mentioned (deleting a row rejects it)"
        super().__init__(parent_model, admin_site)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.model.entity, "article")


class PersonMentionInline(MentionInline):
    model = PersonMention


class CountryMentionInline(MentionInline):
    model = CountryMention


class OrganisationMentionInline(MentionInline):
    model = OrganisationMention


class QuoteInline(RejectingInline):
    model = Quote
    fields = ["text", "speaker", "speaker_organisation", "speaker_country", "speaker_as_written", "partial", "status", "origin"]
    autocomplete_fields = ["speaker", "speaker_organisation", "speaker_country"]
    verbose_name_plural = "quotes (deleting a row rejects it)"
    formfield_overrides = {
        models.TextField: {"form_class": TextWithNewlines, "widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "speaker_organisation", "speaker_country", "article")


class FullTextSearchMixin:
    """The article search box uses the full-text search document (title,
    standfirst, body, names of the people and countries; see search_index)."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        matching = Article.objects.search(search_term).order_by().values("pk")
        return queryset.filter(pk__in=matching), False


class RelatedHistoryMixin:
    """Adds the correction log of related rows to the object's history page."""

    object_history_template = "admin/articles/object_history_with_corrections.html"

    def related_history_specs(self, object_id):
        return []

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "corrections": correction_log(self.related_history_specs(object_id))}
        return super().history_view(request, object_id, extra_context=extra_context)


@admin.register(Article)
class ArticleAdmin(FullTextSearchMixin, RelatedHistoryMixin, EditorSavesMixin, DeskAdmin):
    list_display = ["title", "published", "source", "people", "quotes_count", "updated"]
    list_filter = ["published", "source"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "ingested_from", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "published", "source", "url"]}),
        ("Photo", {"fields": ["caption", "credit"], "classes": ["collapse"]}),
        ("Provenance", {"fields": ["external_id", "ingested_from", "content_hash", "created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = [PersonMentionInline, CountryMentionInline, OrganisationMentionInline, QuoteInline]
    actions = ["extract_again"]
    formfield_overrides = {**TEXT_FIELDS, models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            people_n=count_subquery(PersonMention.objects.active().filter(article=OuterRef("pk"))),
            quotes_n=count_subquery(Quote.objects.active().filter(article=OuterRef("pk"))),
        )

    def related_history_specs(self, object_id):
        return [
            (PersonMention, {"article_id": object_id}),
            (CountryMention, {"article_id": object_id}),
            (OrganisationMention, {"article_id": object_id}),
            (Quote, {"article_id": object_id}),
        ]

    @admin.display(description="people", ordering="people_n")
    def people(self, obj):
        return obj.people_n

    @admin.display(description="quotes", ordering="quotes_n")
    def quotes_count(self, obj):
        return obj.quotes_n

    @admin.action(description="Extract again (keeps every editor's correction)", permissions=["change"])
    def extract_again(self, request, queryset):
        """Queued for the workers: thousands of articles would outlast the request.
        Only with no queue configured does it run here, as much as a page can
        wait for, and it says what is left for the command line."""
        from articles import jobs

        if not jobs.queue_configured():
            self._extract_in_request(request, queryset)
            return
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        try:
            job = jobs.enqueue_reextract(ids, f"{len(ids)} article(s) selected in the desk", user=request.user)
        except jobs.QueueUnavailable as error:
            self.message_user(request, f"Nothing was queued: {error}.", messages.ERROR)
            return
        url = reverse("admin:articles_job_change", args=[job.pk])
        self.message_user(
            request,
            format_html('Queued job <a href="{}">{}</a> to extract {} article(s) again; the workers will do it.', url, job.pk, len(ids)),
            messages.SUCCESS,
        )

    def _extract_in_request(self, request, queryset):
        """No queue is configured: extract here, as much as a page can wait for."""
        from articles.ingest import reextract  # loads spaCy only when asked

        now, later = split_for_request(queryset)
        if now:
            summary = reextract(Article.objects.filter(pk__in=now))
            level = messages.WARNING if summary.failed else messages.SUCCESS
            self.message_user(
                request, f"Extracted again: {summary.line()}. (No queue is configured, so it ran in this request.)", level
            )
            for error in summary.errors[:10]:
                self.message_user(request, error, messages.ERROR)
        if later:
            self.message_user(
                request,
                f"{len(later)} article(s) not extracted again: over {EXTRACT_IN_REQUEST_CHARACTERS:,} characters "
                "in all is more than a page can wait for. Run: python manage.py ingest --reextract "
                + " ".join(f"--article {pk}" for pk in later[:50]) + (" …" if len(later) > 50 else ""),
                messages.WARNING,
            )


# "Extract again" runs spaCy while the editor waits: about this many characters
# of text are extracted within a request (a few seconds on one core), short of
# the server's worker timeout; the rest is left to the command line.
EXTRACT_IN_REQUEST_CHARACTERS = 100_000


def split_for_request(queryset) -> tuple[list[int], list[int]]:
    """The selected articles' ids: those to extract now, in order, within the
    budget, and those left over."""
    now, later, total = [], [], 0
    rows = Article.objects.filter(pk__in=queryset.values("pk")).order_by("pk").values_list("pk", Length("body"))
    for pk, length in rows:
        if total + (length or 0) <= EXTRACT_IN_REQUEST_CHARACTERS:
            now.append(pk)
            total += length or 0
        else:
            later.append(pk)
    return now, later


class AliasInline(admin.TabularInline):
    """The spellings of a person, a country or an organisation (model given by subclass)."""

    readonly_fields = ["origin"]
    extra = 1

    def __init__(self, parent_model, admin_site):
        self.fields = ["name", *(["kind"] if any(f.name == "kind" for f in self.model._meta.fields) else []), "origin"]
        super().__init__(parent_model, admin_site)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.model.entity)  # each row's title names it


class PersonAliasInline(AliasInline):
    model = PersonAlias


class AliasAdmin(EditorSavesMixin, DeskAdmin):
    """Person, country and organisation spellings, one class for all (the entity named by the model)."""

    readonly_fields = ["origin"]

    def __init__(self, model, admin_site):
        entity, kind = model.entity, [f.name for f in model._meta.fields if f.name == "kind"]
        self.list_display = ["name", entity, *kind, "origin"]
        self.list_filter = [*kind, "origin"]
        self.list_select_related = [entity]
        self.search_fields = ["name", f"{entity}__name"]
        self.autocomplete_fields = [entity]
        super().__init__(model, admin_site)


admin.site.register(PersonAlias, AliasAdmin)
admin.site.register(CountryAlias, AliasAdmin)
admin.site.register(OrganisationAlias, AliasAdmin)


@admin.register(Person)
class PersonAdmin(RelatedHistoryMixin, EditorSavesMixin, DeskAdmin):
    list_display = ["name", "slug", "articles", "quotes_count"]
    search_fields = ["name", "aliases__name"]
    inlines = [PersonAliasInline]
    actions = ["merge_selected", "mark_not_a_person"]
    list_filter = ["not_a_person"]
    change_list_template = "admin/articles/person/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def has_delete_permission(self, request, obj=None):
        # Deleting someone who is mentioned or quoted would lose those rows: merge instead.
        if obj is not None and holds_rows(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug") if change else None
        old_name = form.initial.get("name") if change else None
        super().save_model(request, obj, form, change)
        if old_slug and old_slug != obj.slug:
            # The old page keeps working: links to it in the wild redirect here.
            PersonRedirect.objects.update_or_create(old_slug=old_slug, defaults={"person": obj})
            PersonRedirect.objects.filter(old_slug=obj.slug).delete()
        if old_name and normalise_alias(old_name) != normalise_alias(obj.name):
            # Otherwise the next ingestion would make a new person of the old spelling.
            if not PersonAlias.objects.filter(normalised=normalise_alias(old_name)).exists():
                PersonAlias.objects.create(person=obj, name=old_name, origin=Origin.EDITOR)
                self.message_user(request, f"“{old_name}” is kept as an alias; remove it below if it was wrong.")

    def get_search_results(self, request, queryset, search_term):
        # Person.objects.search: name or alias contains the term, the most
        # mentioned first, plus close spellings on PostgreSQL (trigram); with the
        # years named, so the pickers tell namesakes apart.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term).with_years(), False

    def get_urls(self):
        from django.urls import path

        return [
            path("duplicates/", self.admin_site.admin_view(self.duplicates_view), name="articles_person_duplicates"),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        """Pairs of people who are probably one human, with the evidence; each
        merges in one step through the merge confirmation."""
        from articles.duplicates import likely_duplicates

        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Likely duplicates",
            "opts": self.model._meta,
            "pairs": likely_duplicates(),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/person/duplicates.html", context)

    @admin.action(description="Mark selected as not a person (hidden everywhere, never linked again)", permissions=["change"])
    def mark_not_a_person(self, request, queryset):
        changed = [person.mark_not_a_person(by=request.user) for person in queryset.filter(not_a_person=False)]
        mentions, quotes = sum(c["mentions"] for c in changed), sum(c["quotes"] for c in changed)
        self.message_user(
            request,
            f"Marked {len(changed)} record(s) as not a person: {mentions} mention(s) rejected, "
            f"{quotes} quote(s) left without a speaker.",
            messages.SUCCESS,
        )

    def related_history_specs(self, object_id):
        return [(PersonAlias, {"person_id": object_id}), (PersonMention, {"person_id": object_id}), (Quote, {"speaker_id": object_id})]

    @admin.display(description="articles", ordering="article_count")
    def articles(self, obj):
        return obj.article_count

    @admin.display(description="quotes", ordering="quote_count")
    def quotes_count(self, obj):
        return obj.quote_count

    @admin.action(description="Merge selected people into one…", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        people = people_for_merge(queryset.values_list("pk", flat=True))
        if len(people) < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return None
        form = MergeForm(people, request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound:
            if not form.is_valid():
                self.message_user(request, "Choose which person survives the merge.", messages.ERROR)
            else:
                survivor = form.cleaned_data["survivor"]
                try:
                    record = merge_people(survivor, [p for p in people if p.pk != survivor.pk], request.user)
                except MergeError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                moved = ", ".join(f"{n} {what}" for what, n in record.moved.items())
                self.message_user(request, f"Merged {', '.join(record.merged_names)} into {survivor.name} ({moved}).", messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge people",
            "opts": self.model._meta,
            "people": people,
            "survivor_pk": str(form.data.get("survivor") or form.initial["survivor"].pk),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/person/merge_confirmation.html", context)


class MergeForm(forms.Form):
    """Which of the selected people survives a merge. It is offered the fullest,
    most-mentioned name first: the one readers most likely mean."""

    survivor = forms.TypedChoiceField(coerce=int)

    def __init__(self, people: list[Person], data=None):
        self.people = {person.pk: person for person in people}
        super().__init__(data, initial={"survivor": likeliest_survivor(people)})
        self.fields["survivor"].choices = [(pk, person.name) for pk, person in self.people.items()]

    def clean_survivor(self) -> Person:
        return self.people[self.cleaned_data["survivor"]]


def likeliest_survivor(people: list[Person]) -> Person:
    """Most mentioned, then the fullest name (more words, then longer)."""
    return max(people, key=lambda p: (p.mentions_n, len(p.name.split()), len(p.name), -p.pk))


def holds_rows(person: Person) -> bool:
    """Whether anything (a mention or a quote, of any status) points at this person: one query."""
    return Person.objects.filter(
        Exists(PersonMention.objects.filter(person=OuterRef("pk"))) | Exists(Quote.objects.filter(speaker=OuterRef("pk"))),
        pk=person.pk,
    ).exists()


class CountryAliasInline(AliasInline):
    model = CountryAlias


@admin.register(Country)
class CountryAdmin(EditorSavesMixin, DeskMixin, admin.ModelAdmin):
    """Countries are ISO reference data: editors see them read-only but can add
    aliases (a new demonym, an institution) from the country's page."""

    list_display = ["name", "code", "alpha3"]
    search_fields = ["name", "code", "alpha3", "aliases__name"]
    inlines = [CountryAliasInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or request.user.has_perm("articles.change_countryalias")

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("articles.change_country"):
            return []
        return ["code", "alpha3", "name", "slug"]

    def save_model(self, request, obj, form, change):
        if request.user.has_perm("articles.change_country"):
            super().save_model(request, obj, form, change)


class MentionAdmin(RejectInsteadOfDeleteMixin, EditorSavesMixin, DeskAdmin):
    """Person and country mentions, one class for both (the entity named by the model)."""

    list_filter = ["origin", "status", "article__source", "article__published"]
    readonly_fields = ["origin", "created", "updated"]
    ordering = ["-id"]  # newest first, straight off the primary key index

    def __init__(self, model, admin_site):
        entity = model.entity
        self.list_display = [entity, "article", "count", "origin", "status"]
        self.list_select_related = [entity, "article"]
        self.search_fields = [f"{entity}__name", "article__title"]
        self.autocomplete_fields = [entity, "article"]
        super().__init__(model, admin_site)


admin.site.register(PersonMention, MentionAdmin)
admin.site.register(CountryMention, MentionAdmin)
admin.site.register(OrganisationMention, MentionAdmin)


class OrganisationAliasInline(AliasInline):
    model = OrganisationAlias


@admin.register(Organisation)
class OrganisationAdmin(RelatedHistoryMixin, EditorSavesMixin, DeskAdmin):
    list_display = ["name", "kind", "country", "articles", "quotes_count"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["country"]
    inlines = [OrganisationAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .annotate(quote_n=count_subquery(Quote.objects.active().filter(speaker_organisation=OuterRef("pk"))))
        )

    def related_history_specs(self, object_id):
        return [(OrganisationAlias, {"organisation_id": object_id}), (OrganisationMention, {"organisation_id": object_id})]

    @admin.display(description="articles", ordering="article_count")
    def articles(self, obj):
        return obj.article_count

    @admin.display(description="quotes", ordering="quote_n")
    def quotes_count(self, obj):
        return obj.quote_n


@admin.register(Quote)
class QuoteAdmin(RejectInsteadOfDeleteMixin, EditorSavesMixin, DeskAdmin):
    formfield_overrides = TEXT_FIELDS
    list_display = ["__str__", "speaker", "speaker_organisation", "article", "partial", "origin", "status"]
    list_filter = ["partial", "speaker_kind", "origin", "status", "article__source", "article__published"]
    list_select_related = ["speaker", "speaker_organisation", "article"]
    search_fields = ["text", "speaker__name", "speaker_organisation__name", "speaker_as_written"]
    autocomplete_fields = ["speaker", "speaker_organisation", "speaker_country", "article"]
    # Offsets are the machine's business: an editor sees the quote in its paragraph.
    readonly_fields = ["in_context", "origin", "created", "updated"]
    fields = [
        "article", "in_context", "text", "speaker_kind", "speaker", "speaker_organisation", "speaker_country",
        "speaker_as_written", "partial", "status", "origin", "created", "updated",
    ]
    ordering = ["-id"]
    actions = [*RejectInsteadOfDeleteMixin.actions, "set_speaker"]

    @admin.display(description="in the article")
    def in_context(self, quote):
        """The paragraph the quote begins in, the quoted words highlighted."""
        if quote.pk is None:
            return "—"
        body = quote.article.body
        start = body.rfind("\n\n", 0, quote.start or 0)
        start = 0 if start == -1 else start + 2
        end = body.find("\n\n", quote.end or 0)
        end = len(body) if end == -1 else end
        if quote.start is None or quote.end is None or not start <= quote.start < quote.end <= len(body):
            return quote.text
        return format_html(
            '<div class="quote-context">{}<mark>{}</mark>{}</div>',
            body[start : quote.start], body[quote.start : quote.end], body[quote.end : end],
        )

    @admin.action(description="Set the speaker of the selected quotes…", permissions=["change"])
    def set_speaker(self, request, queryset):
        form = SpeakerForm(self.admin_site, request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            speaker = form.cleaned_data["speaker"]
            changed = queryset.set_speaker(speaker, by=request.user)
            who = speaker.name if speaker is not None else "nobody"
            self.message_user(request, f"Set the speaker of {changed} quote(s) to {who}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Set the speaker",
            "opts": self.model._meta,
            "quotes": queryset.select_related("speaker", "article")[:200],
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/quote/set_speaker.html", context)


class SpeakerForm(forms.Form):
    """Who said the selected quotes: a person picked like everywhere else, or nobody."""

    def __init__(self, admin_site, data=None):
        super().__init__(data)
        self.fields["speaker"] = forms.ModelChoiceField(
            queryset=Person.objects.public(),
            required=False,
            widget=AutocompleteSelect(Quote._meta.get_field("speaker"), admin_site),
            help_text="Leave empty for “nobody known”.",
        )


class EventCountryInline(admin.TabularInline):
    model = EventCountry
    fields = ["country", "role"]
    autocomplete_fields = ["country"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "event")


class EventReportInline(RejectingInline):
    model = EventReport
    fields = ["article", "sentence", "status", "origin"]
    readonly_fields = ["article", "sentence", "origin"]
    verbose_name_plural = "reports (deleting a row rejects it)"

    def has_add_permission(self, request, obj=None):
        return False  # a report is a sentence of an article: the machine finds them

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "event")


@admin.register(Event)
class EventAdmin(RejectInsteadOfDeleteMixin, RelatedHistoryMixin, EditorSavesMixin, DeskAdmin):
    """Fix an event (kind, status, date, place, sides, people) or reject it:
    a rejected event is hidden and gathers no more reports."""

    list_display = ["__str__", "kind", "phase", "date", "reports", "origin", "status"]
    list_filter = ["kind", "phase", "status", "origin"]
    search_fields = ["place_name", "countries_key", "people__name"]
    autocomplete_fields = ["place_country", "people", "bodies"]
    readonly_fields = ["countries_key", "anchor", "origin", "created", "updated"]
    fields = [
        "kind", "phase", "date", "date_precision", "place_name", "place_country", "people", "bodies",
        "cameo", "plover", "countries_key", "anchor", "status", "origin", "created", "updated",
    ]
    inlines = [EventCountryInline, EventReportInline]
    ordering = ["-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            report_n=count_subquery(EventReport.objects.active().filter(event=OuterRef("pk")))
        )

    @admin.display(description="reports", ordering="report_n")
    def reports(self, obj):
        return obj.report_n

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        # The sides an editor set are the event's: keep the key that finds it current.
        codes = sorted(set(event.sides.values_list("country__code", flat=True)))
        Event.objects.filter(pk=event.pk).update(countries_key=",".join(codes))

    def related_history_specs(self, object_id):
        return [(EventReport, {"event_id": object_id})]


@admin.register(PersonMerge)
class PersonMergeAdmin(DeskMixin, admin.ModelAdmin):
    """The audit list of merges: read-only for everyone."""

    list_display = ["__str__", "moved_rows", "merged_by", "merged_at"]
    list_select_related = ["survivor", "merged_by"]
    list_filter = ["merged_at"]
    search_fields = ["survivor__name", "merged_names"]
    readonly_fields = ["survivor", "merged_names", "merged_slugs", "moved", "merged_by", "merged_at"]

    @admin.display(description="moved")
    def moved_rows(self, obj):
        return ", ".join(f"{n} {what}" for what, n in (obj.moved or {}).items())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(DeskMixin, admin.ModelAdmin):
    """Background jobs, read-only: the workers write them (articles/jobs.py)."""

    list_display = ["__str__", "progress", "created", "updated", "unchanged", "reextracted", "failed", "queued_at", "duration"]
    list_filter = ["state", "kind", "queued_at"]
    list_select_related = ["requested_by"]
    search_fields = ["description"]
    fields = [
        "kind", "state", "description", "requested_by", "progress", "total", "chunks_done", "chunks_total",
        "created", "updated", "unchanged", "reextracted", "failed", "queued_at", "started_at", "finished_at",
        "duration", "error_list",
    ]
    readonly_fields = fields

    @admin.display(description="done")
    def progress(self, obj):
        total = f"{obj.total:,}" if obj.chunks_total is not None else "…"
        return f"{obj.done:,}/{total}"

    @admin.display(description="time")
    def duration(self, obj):
        seconds = obj.seconds
        return "" if seconds is None else f"{seconds:.1f} s ({obj.per_second:.1f} articles/s)"

    @admin.display(description="errors")
    def error_list(self, obj):
        errors = obj.all_errors()
        if not errors:
            return "none"
        return format_html_join(mark_safe("<br>"), "{}: {}", errors)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonRedirect)
class PersonRedirectAdmin(DeskMixin, admin.ModelAdmin):
    list_display = ["old_slug", "person"]
    list_select_related = ["person"]
    search_fields = ["old_slug", "person__name"]
    autocomplete_fields = ["person"]
