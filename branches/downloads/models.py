"""A file being prepared for one user out of the request: a province's workbook of a year's records
takes longer to build than a request should wait (branches.downloads.actions)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.models import OwnedQuerySet
from branches.kernel.uploads import StoredFileField


class PreparedFileStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class PreparedFile(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE)
    # The download's own address, query string included: the worker asks it again for the owner.
    path = models.CharField(_("address"), max_length=2000)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=PreparedFileStatus.choices, default=PreparedFileStatus.PREPARING
    )
    file = StoredFileField(_("file"), folder="prepared", accepts="prepared", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "path", "status"], name="prepared_owner_path")]

    def __str__(self):
        return self.file_name or self.path

    def get_absolute_url(self):
        return reverse("branches:prepared-file", args=[self.pk])

    def stored_files_visible_to(self, user):
        return PreparedFile.objects.visible_to(user).filter(pk=self.pk).exists()
