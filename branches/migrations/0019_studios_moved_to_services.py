"""The studios are the services app's now (services 0016): they leave this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("branches", "0018_studio_tables_to_services"),
        ("services", "0016_studios_from_branches"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='historicalstudio_members',
            name='history',
        ),
        migrations.RemoveField(
            model_name='historicalstudio_members',
            name='person',
        ),
        migrations.RemoveField(
            model_name='historicalstudio_members',
            name='studio',
        ),
        migrations.RemoveField(
            model_name='historicalstudiomilestone',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalstudiomilestone',
            name='studio',
        ),
        migrations.RemoveField(
            model_name='studio',
            name='leader',
        ),
        migrations.RemoveField(
            model_name='studio',
            name='members',
        ),
        migrations.RemoveField(
            model_name='studiomilestone',
            name='studio',
        ),
        migrations.DeleteModel(
            name='HistoricalStudio',
        ),
        migrations.DeleteModel(
            name='HistoricalStudio_members',
        ),
        migrations.DeleteModel(
            name='HistoricalStudioMilestone',
        ),
        migrations.DeleteModel(
            name='Studio',
        ),
        migrations.DeleteModel(
            name='StudioMilestone',
        ),
            ],
        ),
    ]
