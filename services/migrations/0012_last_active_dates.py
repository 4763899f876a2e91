import datetime

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf

NEVER = datetime.date(1, 1, 1)


def date_what_is_there(apps, schema_editor):
    """The people's last active dates from the records already there, as services.activity_dates
    keeps them from now on."""
    Person = apps.get_model("branches", "Person")
    models = [apps.get_model("services", name) for name in ("ServiceRecord", "PracticalDeed", "ServiceActivity", "Patrol")]

    def latest(records):
        dates = records.filter(status="approved").order_by("-date").values("date")[:1]
        return Coalesce(Subquery(dates), Value(NEVER))

    dates = [latest(model.objects.filter(person=OuterRef("pk"))) for model in models]
    dates.append(latest(models[2].objects.filter(participants=OuterRef("pk"))))
    Person.objects.update(last_active_on=NullIf(Greatest(*dates), Value(NEVER)))


class Migration(migrations.Migration):

    dependencies = [
        ("branches", "0012_person_last_active_on"),
        ("services", "0011_satisfaction_tallies"),
    ]

    operations = [
        migrations.RunPython(date_what_is_there, migrations.RunPython.noop),
    ]
