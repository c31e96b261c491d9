"""Background jobs (Job, JobChunk), which editors may view (they queue them with
"Extract again"), and Person.created_as, the key that keeps two workers from
creating the same new person twice. Existing people get no key: they are
already known to every worker's index, which is all the key guards against."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def let_editors_view_jobs(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # create_permissions skips app configs without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_job = Permission.objects.filter(content_type__app_label="articles", codename="view_job")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*view_job)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_sqlite_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalperson',
            name='created_as',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text='The normalised name ingestion created this person under, while the person still bears it.', max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='created_as',
            field=models.CharField(blank=True, editable=False, help_text='The normalised name ingestion created this person under, while the person still bears it.', max_length=200, null=True, unique=True),
        ),
        migrations.CreateModel(
            name='Job',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('ingest', 'Ingest'), ('reextract', 'Extract again')], max_length=10)),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done')], db_index=True, default='queued', max_length=10)),
                ('description', models.TextField(blank=True, help_text='What was asked: the inputs, or the articles selected.')),
                ('total', models.PositiveIntegerField(default=0, help_text='Inputs read, those that failed the checks included.')),
                ('chunks_total', models.PositiveIntegerField(blank=True, help_text='Unknown until every chunk is queued.', null=True)),
                ('chunks_done', models.PositiveIntegerField(default=0)),
                ('created', models.PositiveIntegerField(default=0)),
                ('updated', models.PositiveIntegerField(default=0)),
                ('unchanged', models.PositiveIntegerField(default=0)),
                ('reextracted', models.PositiveIntegerField(default=0)),
                ('failed', models.PositiveIntegerField(default=0)),
                ('errors', models.JSONField(blank=True, default=list, help_text='[input, reason] for inputs that failed the checks.')),
                ('queued_at', models.DateTimeField(auto_now_add=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-queued_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='JobChunk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('size', models.PositiveIntegerField(default=0)),
                ('created', models.PositiveIntegerField(default=0)),
                ('updated', models.PositiveIntegerField(default=0)),
                ('unchanged', models.PositiveIntegerField(default=0)),
                ('reextracted', models.PositiveIntegerField(default=0)),
                ('failed', models.PositiveIntegerField(default=0)),
                ('errors', models.JSONField(blank=True, default=list)),
                ('attempts', models.PositiveSmallIntegerField(default=1, help_text="Runs of the chunk's writes (a conflict with another worker retries them).")),
                ('worker', models.CharField(blank=True, max_length=200)),
                ('started_at', models.DateTimeField()),
                ('finished_at', models.DateTimeField()),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='articles.job')),
            ],
            options={
                'ordering': ['job', 'number'],
                'constraints': [models.UniqueConstraint(fields=('job', 'number'), name='jobchunk_unique_job_number')],
            },
        ),
        migrations.RunPython(let_editors_view_jobs, migrations.RunPython.noop),
    ]
