"""The studios move to the services app (services.studios, beside their cases): their tables are
renamed here; services 0016 takes them over in its state and branches 0019 lets them go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("branches", "0017_temporary_password"),
    ]

    operations = [
        migrations.AlterModelTable(name="studio", table="services_studio"),
        migrations.AlterModelTable(name="studiomilestone", table="services_studiomilestone"),
        migrations.AlterModelTable(name="historicalstudio", table="services_historicalstudio"),
        migrations.AlterModelTable(name="historicalstudio_members", table="services_historicalstudio_members"),
        migrations.AlterModelTable(name="historicalstudiomilestone", table="services_historicalstudiomilestone"),
    ]
