"""The one upload policy (branches.kernel.uploads): every file field of every model is under it;
a stored name is random and typed by the content; a file is served by what it is, and only to
those who may see the row that stores it, however the path is written."""

import io
import struct
import zlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from PIL import Image

from branches.kernel import uploads
from branches.lectures.models import LectureMaterial
from branches.people.models import Person
from branches.pledges.models import BranchBrand
from services.records.photos import RecordPhoto
from tests.factories import BranchBrandFactory, PersonFactory
from tests.passing_on_factories import (
    LectureMaterialFactory,
    docx_upload,
    pdf_upload,
)
from tests.records.helpers import KIND_SLUGS, form_data, image_upload, make_record

pytestmark = pytest.mark.django_db


def gif_javascript():
    """A GIF that Pillow reads whole, with a script after its end: served as text/javascript
    (the probe's x.js), a browser would run what follows the image."""
    output = io.BytesIO()
    Image.new("P", (1, 1)).save(output, format="GIF")
    return output.getvalue() + b"\n/*=alert(document.cookie)//*/"


def png_with_script(src):
    """A real PNG whose text chunk holds a script tag, as the probe uploaded it named x.html."""
    output = io.BytesIO()
    Image.new("RGB", (2, 2)).save(output, format="PNG")
    data = output.getvalue()
    text = b"Comment\x00" + f'<script src="{src}"></script>'.encode()
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    return data[:33] + chunk + data[33:]


class TestEveryFileField:
    def test_every_file_field_of_every_model_is_under_the_policy(self):
        """A new file field (a model's photo, a scan) must be a StoredFileField: this fails if not."""
        fields = [
            (model, field)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)
        ]
        assert fields, "no file field found"
        outside = [f"{model.__name__}.{field.name}" for model, field in fields if not isinstance(field, uploads.StoredFileField)]
        assert outside == []
        for _model, field in fields:
            assert field.accepts in uploads.POLICIES
            assert field.folder and not field.folder.startswith("/")

    def test_the_folders_are_distinct(self):
        folders = [field.folder for _model, field in uploads.stored_file_fields()]
        assert len(folders) == len(set(folders))


class TestStoredNames:
    @pytest.mark.parametrize("kind", KIND_SLUGS)
    @pytest.mark.parametrize(
        "name, content, suffix",
        [("x.js", gif_javascript(), ".gif"), ("x.html", png_with_script("/media/records/x.js"), ".png")],
        ids=["gif-as-js", "png-as-html"],
    )
    def test_a_photo_is_stored_under_the_type_of_its_content(self, login, office, media_root, kind, name, content, suffix):
        """The probe's stored script: all four record kinds, through the log form."""
        photo = SimpleUploadedFile(name, content, content_type="application/javascript")
        response = login("staff_a").post(reverse("services:record-log", args=[kind]), {**form_data(office, kind), "photos": [photo]})
        assert response.status_code == 302, response.context and response.context["form"].errors
        stored = RecordPhoto.objects.get().image.name
        folder, stored_name = stored.rsplit("/", 1)
        assert folder == "records"
        assert len(stored_name) == 32 + len(suffix) and stored_name.endswith(suffix)

    @pytest.mark.parametrize("kind", KIND_SLUGS)
    def test_the_edit_form_stores_photos_by_their_content_too(self, login, office, media_root, kind):
        record = make_record(kind, office.people["staff_a"])
        photo = SimpleUploadedFile("x.js", gif_javascript(), content_type="text/javascript")
        data = {**form_data(office, kind), "photos": [photo]}
        response = login("staff_a").post(reverse("services:record-edit", args=[kind, record.pk]), data)
        assert response.status_code == 302
        assert record.photos.get().image.name.endswith(".gif")

    def test_a_portrait_a_logo_and_a_material_are_stored_by_their_content(self, office, media_root):
        person = PersonFactory(branch=office.branch_a)
        person.photo = SimpleUploadedFile("me.html", png_with_script("/x.js"))
        person.save()
        assert person.photo.name.startswith("people/") and person.photo.name.endswith(".png")
        brand = BranchBrandFactory(branch=office.branch_a)
        brand.logo = ContentFile(gif_javascript(), name="logo.svg")
        brand.save()
        assert brand.logo.name.endswith(".gif")
        material = LectureMaterialFactory(file=docx_upload(name="讲稿.pdf"))
        assert material.file.name.startswith("lectures/") and material.file.name.endswith(".docx")

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>"),
            SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
            SimpleUploadedFile("x.png", b""),
        ],
        ids=["html", "svg", "empty"],
    )
    def test_a_file_of_no_allowed_type_is_refused_before_anything_is_stored(self, office, media_root, upload):
        person = PersonFactory(branch=office.branch_a)
        person.photo = upload
        with pytest.raises(Exception):
            person.full_clean()
        assert not list(media_root.rglob("*.*")) if media_root.exists() else True

    def test_a_spreadsheet_upload_is_checked_by_its_content(self):
        field = uploads.PolicyFormField(policy=uploads.SPREADSHEETS)
        with pytest.raises(Exception):
            field.clean(SimpleUploadedFile("roster.xlsx", pdf_upload().read()))


class TestServing:
    def test_an_image_is_served_inline_with_its_detected_type(self, login, office, media_root):
        record = make_record("service", office.people["staff_a"])
        from services.records import actions

        actions.attach_photos(record, [SimpleUploadedFile("x.js", gif_javascript())], by=office.users["staff_a"])
        response = login("secretary_a").get(f"/media/{record.photos.get().image.name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/gif"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" not in response.get("Content-Disposition", "")
        assert "sandbox" in response["Content-Security-Policy"]

    def test_a_document_is_served_as_an_attachment(self, login, office, media_root):
        material = LectureMaterialFactory(file=pdf_upload())
        response = login("staff_a").get(f"/media/{material.file.name}")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")

    def test_a_file_stored_before_the_policy_is_served_by_its_content_not_its_name(self, login, office, media_root):
        """A photo stored with the client's suffix before the policy (records/….js) is a GIF to the
        browser, never a script: its type comes from its bytes."""
        record = make_record("service", office.people["staff_a"])
        (media_root / "records").mkdir(parents=True)
        (media_root / "records" / "legacy.js").write_bytes(gif_javascript())
        RecordPhoto.objects.create(record=record, image="records/legacy.js", thumbnail="records/thumbnails/legacy.jpg")
        response = login("secretary_a").get("/media/records/legacy.js")
        assert response["Content-Type"] == "image/gif"

    def test_a_stored_html_page_is_never_served_as_html(self, login, office, media_root):
        (media_root / "people").mkdir(parents=True)
        (media_root / "people" / "old.html").write_bytes(b"<script>alert(1)</script>")
        Person.objects.filter(pk=office.people["staff_a"].pk).update(photo="people/old.html")
        response = login("staff_a").get("/media/people/old.html")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")

    def test_a_file_no_row_stores_is_not_found(self, login, office, media_root):
        (media_root / "records").mkdir(parents=True)
        (media_root / "records" / "orphan.png").write_bytes(image_upload().read())
        assert login("committee_admin").get("/media/records/orphan.png").status_code == 404


def variants(name):
    """The ways the probe wrote one stored file's path."""
    folder, file_name = name.rsplit("/", 1)
    return [name, f"/{name}", f"./{name}", f"x/../{name}", f"{folder}//{file_name}", f"{folder}/./{file_name}"]


@pytest.fixture
def stored(office, media_root):
    """One stored file of every kind of upload, each of branch A."""
    from services.records import actions

    record = make_record("service", office.people["staff_a"])
    actions.attach_photos(record, [image_upload()], by=office.users["staff_a"])
    photo = record.photos.get()
    person = office.people["staff_a"]
    person.photo = image_upload(name="me.png")
    person.save()
    brand = BranchBrandFactory(branch=office.branch_a, logo=image_upload(name="logo.png"))
    material = LectureMaterialFactory(file=pdf_upload())
    return {
        "photo": photo.image.name,
        "thumbnail": photo.thumbnail.name,
        "portrait": person.photo.name,
        "logo": brand.logo.name,
        "material": material.file.name,
    }


@pytest.mark.parametrize("kind", ["photo", "thumbnail"])
def test_another_branchs_record_photo_is_refused_however_the_path_is_written(client, office, stored, kind):
    client.force_login(office.users["secretary_b"])
    for path in variants(stored[kind]):
        assert client.get(f"/media/{path}").status_code == 404, path
    client.force_login(office.users["secretary_a"])
    for path in variants(stored[kind]):
        assert client.get(f"/media/{path}").status_code == 200, path


@pytest.mark.parametrize("kind", ["portrait", "logo", "material"])
def test_public_uploads_are_served_to_everyone_signed_in_only(client, office, stored, kind):
    for path in variants(stored[kind]):
        assert client.get(f"/media/{path}").status_code == 302, path  # to the login page
    client.force_login(office.users["staff_b"])
    for path in variants(stored[kind]):
        assert client.get(f"/media/{path}").status_code == 200, path


@pytest.mark.parametrize("path", ["../var/db.sqlite3", "..%2Fsettings.py", "records/../../etc/passwd", "/etc/passwd", "."])
def test_a_path_out_of_the_media_folder_is_not_found(login, office, stored, path):
    assert login("committee_admin").get(f"/media/{path}").status_code == 404


def test_the_brand_logo_and_the_material_are_the_models_own():
    assert BranchBrand._meta.get_field("logo").accepts == "images"
    assert LectureMaterial._meta.get_field("file").accepts == "documents"
