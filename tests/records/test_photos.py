"""Hostile photo uploads are refused with a message, nothing saved; stored names never come from users."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from services.records.models import ServiceRecord
from services.records.photos import RecordPhoto
from tests.records.helpers import form_data, image_upload

pytestmark = pytest.mark.django_db

URL = reverse("services:record-log", args=["service"])


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def bomb():
    """A PNG that decodes to 100 million pixels while weighing a few kilobytes."""
    output = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize(
    "photo",
    [
        upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        upload("page.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        upload("bomb.png", bomb()),
        upload("empty.png", b""),
    ],
    ids=["svg", "html named jpg", "decompression bomb", "empty"],
)
def test_a_hostile_upload_is_refused_and_nothing_is_saved(login, office, media_root, photo):
    response = login("staff_a").post(URL, {**form_data(office, "service"), "photos": [photo]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ServiceRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_a_path_in_the_file_name_never_reaches_the_stored_name(login, office, media_root):
    photo = image_upload(name="../../../etc/passwd.png")
    response = login("staff_a").post(URL, {**form_data(office, "service"), "photos": [photo]})
    assert response.status_code == 302
    stored = RecordPhoto.objects.get().image.name
    assert stored.startswith("records/")
    assert ".." not in stored and "passwd" not in stored
    assert (media_root / stored).exists()
