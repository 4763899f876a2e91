"""The dataset generator writes the scale's rows, valid enough for every page, and refuses a full database."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from branches.models import Person
from services.models import RECORD_MODELS, ReviewStatus, ServiceRecord
from torchbearer.datasets import SCALES

pytestmark = pytest.mark.django_db


def test_it_generates_the_tiny_scale(client):
    output = io.StringIO()
    call_command("generate_dataset", "--scale", "tiny", stdout=output)
    scale = SCALES["tiny"]
    assert Person.objects.count() == scale.people
    assert sum(model.objects.count() for model in RECORD_MODELS) == scale.records
    assert ServiceRecord.objects.filter(status=ReviewStatus.APPROVED).exists()
    assert "Generated the tiny dataset" in output.getvalue()
    for username in ["bench_admin", "bench_secretary", "bench_staff"]:
        client.login(username=username, password="bench2021")
        assert client.get(reverse("dashboard")).status_code == 200, username
        assert client.get(reverse("pillar-serve")).status_code == 200, username
        client.logout()


def test_it_refuses_a_database_that_holds_people(office):
    with pytest.raises(CommandError):
        call_command("generate_dataset", "--scale", "tiny", stdout=io.StringIO())
