from django.contrib import admin

from articles.models import (
    Article,
    Country,
    CountryAlias,
    CountryMention,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "source", "created"]
    list_filter = ["published", "source"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "ingested_from", "created", "updated"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases__name"]


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "origin"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "alpha3"]
    search_fields = ["name", "code", "alpha3"]


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "origin"]
    list_filter = ["kind", "origin"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["country"]


@admin.register(PersonMention)
class PersonMentionAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "count", "origin", "status"]
    list_filter = ["origin", "status"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name", "article__title"]
    autocomplete_fields = ["person", "article"]


@admin.register(CountryMention)
class CountryMentionAdmin(admin.ModelAdmin):
    list_display = ["country", "article", "count", "origin", "status"]
    list_filter = ["origin", "status"]
    list_select_related = ["country", "article"]
    search_fields = ["country__name", "article__title"]
    autocomplete_fields = ["country", "article"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "article", "partial", "origin", "status"]
    list_filter = ["partial", "origin", "status"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "speaker_as_written"]
    autocomplete_fields = ["speaker", "article"]


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "merged_by", "merged_at"]
    list_select_related = ["survivor", "merged_by"]

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
