"""An "Editors" group with exactly the permissions needed to correct extracted data:
articles, people and their aliases, mentions, quotes and country aliases; countries
can be viewed; merges viewed. No user or group management."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE = ["article", "person", "personalias", "personmention", "countrymention", "quote", "countryalias", "personredirect"]
VIEW_ONLY = ["country", "personmerge"]
GROUP_NAME = "Editors"


def editor_permission_codenames():
    codenames = [f"{action}_{model}" for model in EDITABLE for action in ("add", "change", "delete", "view")]
    codenames += [f"view_{model}" for model in VIEW_ONLY]
    return codenames


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # create_permissions skips app configs without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=editor_permission_codenames())
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_indexes"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
