from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # The search index works with the models without importing them (they import it).
        from articles import models, search_index

        search_index.bind(
            article=models.Article,
            named=(models.PersonMention, models.CountryMention, models.OrganisationMention),
            dated=models.dated_models(),
            active=models.Status.ACTIVE,
        )
