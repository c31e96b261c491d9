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

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from articles.extraction.types import normalise_alias
from articles.history import ensure_baseline
from articles.merging import MergeError, merge_people, people_for_merge
from articles.models import (
    Article,
    Country,
    CountryAlias,
    CountryMention,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
    Status,
)
from articles.querysets import _count_subquery


class TextWithNewlines(forms.CharField):
    """Browsers send textarea lines ending in CR LF; the stored text (and every
    offset into it) uses LF, with paragraphs split on a blank line. Normalising
    here keeps an untouched body unchanged and its offsets valid."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


TEXT_FIELDS = {models.TextField: {"form_class": TextWithNewlines}}


def has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def mark_edited(obj) -> None:
    if has_field(type(obj), "origin"):
        obj.origin = Origin.EDITOR


def reject(obj) -> None:
    """Deleting a mention or quote means rejecting it: the row stays so that
    re-extraction remembers the editor said no."""
    obj.status = Status.REJECTED
    obj.origin = Origin.EDITOR
    obj.save()


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
            if has_field(type(obj), "status"):
                reject(obj)
            else:
                obj.delete()
        formset.save_m2m()


class RejectInsteadOfDeleteMixin:
    """For mentions and quotes: no delete anywhere, reject and restore actions instead."""

    actions = ["reject_selected", "restore_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Reject selected rows (kept, hidden, never re-added by the machine)", permissions=["change"])
    def reject_selected(self, request, queryset):
        changed = set_status(request, queryset.exclude(status=Status.REJECTED), Status.REJECTED)
        self.message_user(request, f"Rejected {changed} row(s).", messages.SUCCESS)

    @admin.action(description="Restore selected rows (active again)", permissions=["change"])
    def restore_selected(self, request, queryset):
        changed = set_status(request, queryset.exclude(status=Status.ACTIVE), Status.ACTIVE)
        self.message_user(request, f"Restored {changed} row(s).", messages.SUCCESS)


def set_status(request, queryset, status: str) -> int:
    """Set the status of many rows in a few queries, with a history record each."""
    rows, now = list(queryset), timezone.now()
    ensure_baseline(queryset.model, [row.pk for row in rows])
    for row in rows:
        row.status, row.origin, row.updated = status, Origin.EDITOR, now
    if rows:
        bulk_update_with_history(
            rows, queryset.model, ["status", "origin", "updated"], batch_size=500, default_user=request.user
        )
        refresh_search_vectors({row.article_id for row in rows})
    return len(rows)


def refresh_search_vectors(article_ids) -> None:
    # An article's search vector holds the names of its active people and countries.
    Article.objects.filter(pk__in=list(article_ids)).refresh_search_vectors()


# Autocomplete widgets normally run one query per row to label the current
# choice; inline rows already carry it (select_related), so label it from there
# and keep an article's change page at a fixed number of queries.
class PreloadedAutocompleteSelect(AutocompleteSelect):
    preloaded = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = self.preloaded
        if known is None or selected != {str(known.pk)}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(known)
        options.append(self.create_option(name, known.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PreloadedChoicesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect) or self.instance.pk is None:
                continue
            descriptor = self.instance._meta.get_field(name)
            if descriptor.is_cached(self.instance):
                widget.preloaded = getattr(self.instance, name)


class PreloadedAutocompleteMixin:
    form = PreloadedChoicesForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RejectingInline(PreloadedAutocompleteMixin, admin.TabularInline):
    """An inline whose "Delete" box rejects the row (see EditorSavesMixin)."""

    extra = 0
    readonly_fields = ["origin"]

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class PersonMentionInline(RejectingInline):
    model = PersonMention
    fields = ["person", "count", "status", "origin"]
    autocomplete_fields = ["person"]
    verbose_name = "person mentioned"
    verbose_name_plural = "people mentioned (deleting a row rejects it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "article")


class CountryMentionInline(RejectingInline):
    model = CountryMention
    fields = ["country", "count", "status", "origin"]
    autocomplete_fields = ["country"]
    verbose_name = "country mentioned"
    verbose_name_plural = "countries mentioned (deleting a row rejects it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "article")


class QuoteInline(RejectingInline):
    model = Quote
    fields = ["text", "speaker", "speaker_as_written", "partial", "paragraph", "status", "origin"]
    autocomplete_fields = ["speaker"]
    verbose_name_plural = "quotes (deleting a row rejects it)"
    formfield_overrides = {
        models.TextField: {"form_class": TextWithNewlines, "widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "article")


class FullTextSearchMixin:
    """On PostgreSQL the article search box uses the weighted full-text index
    (title, standfirst, body, names of the people and countries); elsewhere the
    default search over search_fields."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip() or connection.vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        matching = Article.objects.search(search_term).order_by().values("pk")
        return queryset.filter(pk__in=matching), False


# ---------------------------------------------------------------------------
# The history of an article's or a person's related rows, shown under its own
# history: most corrections are made to mentions, quotes and aliases.

FOREIGN_KEYS = {"person": Person, "speaker": Person, "article": Article, "country": Country}
HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Correction:
    when: object
    who: object
    action: str
    what: str
    reason: str
    changes: list[tuple[str, object, object]]


def correction_log(specs, limit: int = 200) -> list[Correction]:
    """The latest `limit` history records of the rows that match each spec
    (model, filters), newest first, each with what changed from what to what.
    One query per model plus one per kind of name shown."""
    records = []
    for model, filters in specs:
        ids = model.history.filter(**filters).values("id").distinct()
        rows = list(
            model.history.filter(id__in=ids).select_related("history_user").order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in rows:
            before = previous.get(record.id)
            record.delta = record.diff_against(before).changes if before is not None else []
            previous[record.id] = record
        records.extend(rows)
    records.sort(key=lambda r: r.history_date, reverse=True)
    records = records[:limit]
    names = _names_for(records)
    return [
        Correction(
            when=r.history_date,
            who=r.history_user,
            action=HISTORY_TYPES.get(r.history_type, r.history_type),
            what=_label(r, names),
            reason=r.history_change_reason or "",
            changes=[(c.field, _shown(c.field, c.old, names), _shown(c.field, c.new, names)) for c in r.delta],
        )
        for r in records
    ]


def _names_for(records) -> dict[tuple[type, int], str]:
    wanted: dict[type, set] = {}
    for record in records:
        for field, model in FOREIGN_KEYS.items():
            values = [getattr(record, f"{field}_id", None)] + [
                v for c in record.delta if c.field == field for v in (c.old, c.new)
            ]
            wanted.setdefault(model, set()).update(v for v in values if v is not None)
    names = {}
    for model, pks in wanted.items():
        if pks:
            for obj in model._default_manager.filter(pk__in=pks).only(*_label_fields(model)).order_by():
                names[(model, obj.pk)] = str(obj)
        gone = [pk for pk in pks if (model, pk) not in names]
        if gone and hasattr(model, "history"):
            # Merged or deleted: their last recorded name, with a mark.
            for record in model.history.filter(id__in=gone).order_by("id", "history_date"):
                names[(model, record.id)] = f"{record.instance} (merged or deleted)"
    return names


def _label_fields(model) -> list[str]:
    return ["pk", "title"] if model is Article else ["pk", "name"]


def _name(model, pk, names) -> str:
    if pk is None:
        return "nobody"
    return names.get((model, pk), f"#{pk} (merged or deleted)")


def _shown(field, value, names):
    return _name(FOREIGN_KEYS[field], value, names) if field in FOREIGN_KEYS else value


def _label(record, names) -> str:
    kind = record.instance_type
    if kind is PersonMention:
        return f"Mention of {_name(Person, record.person_id, names)} in {_name(Article, record.article_id, names)}"
    if kind is CountryMention:
        return f"Mention of {_name(Country, record.country_id, names)}"
    if kind is Quote:
        text = record.text if len(record.text) <= 60 else record.text[:57] + "…"
        return f"Quote “{text}” ({_name(Person, record.speaker_id, names)})"
    if kind is PersonAlias:
        return f"Alias “{record.name}”"
    return str(record.id)


class RelatedHistoryMixin:
    """Adds the correction log of related rows to the object's history page."""

    object_history_template = "admin/articles/object_history_with_corrections.html"

    def related_history_specs(self, object_id):
        return []

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "corrections": correction_log(self.related_history_specs(object_id))}
        return super().history_view(request, object_id, extra_context=extra_context)


@admin.register(Article)
class ArticleAdmin(FullTextSearchMixin, RelatedHistoryMixin, EditorSavesMixin, SimpleHistoryAdmin):
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
    inlines = [PersonMentionInline, CountryMentionInline, QuoteInline]
    actions = ["extract_again"]
    show_full_result_count = False
    formfield_overrides = {**TEXT_FIELDS, models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            people_n=_count_subquery(PersonMention.objects.active().filter(article=OuterRef("pk"))),
            quotes_n=_count_subquery(Quote.objects.active().filter(article=OuterRef("pk"))),
        )

    def related_history_specs(self, object_id):
        return [(PersonMention, {"article_id": object_id}), (CountryMention, {"article_id": object_id}), (Quote, {"article_id": object_id})]

    @admin.display(description="people", ordering="people_n")
    def people(self, obj):
        return obj.people_n

    @admin.display(description="quotes", ordering="quotes_n")
    def quotes_count(self, obj):
        return obj.quotes_n

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_vectors([form.instance.pk])

    @admin.action(description="Extract again (keeps every editor's correction)", permissions=["change"])
    def extract_again(self, request, queryset):
        from articles.ingest import reextract  # loads spaCy only when asked

        now, later = split_for_request(queryset)
        if now:
            summary = reextract(Article.objects.filter(pk__in=now))
            level = messages.WARNING if summary.failed else messages.SUCCESS
            self.message_user(request, f"Extracted again: {summary.line()}.", level)
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


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    fields = ["name", "origin"]
    readonly_fields = ["origin"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")  # each row's title names the person


@admin.register(Person)
class PersonAdmin(RelatedHistoryMixin, EditorSavesMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "articles", "quotes_count"]
    search_fields = ["name", "aliases__name"]
    inlines = [PersonAliasInline]
    actions = ["merge_selected"]
    show_full_result_count = False

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
        # Person.objects.search: name or alias contains the term, plus close
        # spellings on PostgreSQL (trigram), best match first for autocomplete.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

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
        if request.POST.get("confirm") == "yes":
            survivor = next((p for p in people if str(p.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "Choose which person survives the merge.", messages.ERROR)
            else:
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
            "survivor_pk": str(request.POST.get("survivor", "")),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/person/merge_confirmation.html", context)


def holds_rows(person: Person) -> bool:
    """Whether anything (a mention or a quote, of any status) points at this person: one query."""
    return Person.objects.filter(
        Exists(PersonMention.objects.filter(person=OuterRef("pk"))) | Exists(Quote.objects.filter(speaker=OuterRef("pk"))),
        pk=person.pk,
    ).exists()


@admin.register(PersonAlias)
class PersonAliasAdmin(EditorSavesMixin, SimpleHistoryAdmin):
    list_display = ["name", "person", "origin"]
    list_filter = ["origin"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["origin"]
    show_full_result_count = False


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    fields = ["name", "kind", "origin"]
    readonly_fields = ["origin"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(Country)
class CountryAdmin(EditorSavesMixin, admin.ModelAdmin):
    """Countries are ISO reference data: editors see them read-only but can add
    aliases (a new demonym, an institution) from the country's page."""

    list_display = ["name", "code", "alpha3"]
    search_fields = ["name", "code", "alpha3", "aliases__name"]
    inlines = [CountryAliasInline]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or request.user.has_perm("articles.change_countryalias")

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("articles.change_country"):
            return []
        return ["code", "alpha3", "name", "slug"]

    def save_model(self, request, obj, form, change):
        if request.user.has_perm("articles.change_country"):
            super().save_model(request, obj, form, change)


@admin.register(CountryAlias)
class CountryAliasAdmin(EditorSavesMixin, SimpleHistoryAdmin):
    list_display = ["name", "country", "kind", "origin"]
    list_filter = ["kind", "origin"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["country"]
    readonly_fields = ["origin"]
    show_full_result_count = False


class MentionAdmin(RejectInsteadOfDeleteMixin, EditorSavesMixin, SimpleHistoryAdmin):
    list_filter = ["origin", "status", "article__source", "article__published"]
    readonly_fields = ["origin", "created", "updated"]
    show_full_result_count = False
    ordering = ["-id"]  # newest first, straight off the primary key index

    def save_model(self, request, obj, form, change):
        old_article = form.initial.get("article") if change else None
        super().save_model(request, obj, form, change)
        refresh_search_vectors({obj.article_id, old_article} - {None})


@admin.register(PersonMention)
class PersonMentionAdmin(MentionAdmin):
    list_display = ["person", "article", "count", "origin", "status"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name", "article__title"]
    autocomplete_fields = ["person", "article"]


@admin.register(CountryMention)
class CountryMentionAdmin(MentionAdmin):
    list_display = ["country", "article", "count", "origin", "status"]
    list_select_related = ["country", "article"]
    search_fields = ["country__name", "article__title"]
    autocomplete_fields = ["country", "article"]


@admin.register(Quote)
class QuoteAdmin(RejectInsteadOfDeleteMixin, EditorSavesMixin, SimpleHistoryAdmin):
    formfield_overrides = TEXT_FIELDS
    list_display = ["__str__", "speaker", "article", "partial", "origin", "status"]
    list_filter = ["partial", "origin", "status", "article__source", "article__published"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "speaker_as_written"]
    autocomplete_fields = ["speaker", "article"]
    readonly_fields = ["origin", "created", "updated"]
    fields = ["article", "text", "speaker", "speaker_as_written", "partial", "paragraph", "start", "end", "status", "origin", "created", "updated"]
    show_full_result_count = False
    ordering = ["-id"]


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    """The audit list of merges: read-only for everyone."""

    list_display = ["__str__", "moved_rows", "merged_by", "merged_at"]
    list_select_related = ["survivor", "merged_by"]
    list_filter = ["merged_at"]
    search_fields = ["survivor__name", "merged_names"]
    readonly_fields = ["survivor", "merged_names", "merged_slugs", "moved", "merged_by", "merged_at"]
    show_full_result_count = False

    @admin.display(description="moved")
    def moved_rows(self, obj):
        return ", ".join(f"{n} {what}" for what, n in (obj.moved or {}).items())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonRedirect)
class PersonRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "person"]
    list_select_related = ["person"]
    search_fields = ["old_slug", "person__name"]
    autocomplete_fields = ["person"]
    show_full_result_count = False
