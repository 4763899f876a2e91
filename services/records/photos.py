"""Photos attached to records, with a small thumbnail made by Pillow for lists and phones."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.uploads import StoredFileField

MAX_PHOTOS_PER_RECORD = 6
THUMBNAIL_SIZE = (480, 480)


class RecordPhoto(models.Model):
    """A photo of any kind of record; it is seen by whoever may see the record."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record number"))
    record = GenericForeignKey("content_type", "object_id")
    image = StoredFileField(_("photo"), folder="records", accepts="images")
    thumbnail = StoredFileField(_("thumbnail"), folder="records/thumbnails", accepts="images")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("record photo")
        verbose_name_plural = _("record photos")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="photo_record_idx"),
            models.Index(fields=["image"], name="photo_image_idx"),
            models.Index(fields=["thumbnail"], name="photo_thumbnail_idx"),
        ]

    def __str__(self):
        return self.image.name

    def stored_files_visible_to(self, user):
        """A record's photo and its thumbnail are seen by whoever may see the record
        (branches.kernel.uploads asks this before serving either)."""
        return self.content_type.model_class().objects.visible_to(user).filter(pk=self.object_id).exists()


audit([RecordPhoto])
