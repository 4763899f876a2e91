"""What the apps' models share, and the kernel's own row: an import run."""

import functools

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@functools.cache
def choice_labels(field):
    """``{value: label}`` of a choice field, the labels lazy (translated when shown); built once,
    for the pages and files that show a label per row of values."""
    return dict(field.flatchoices)


class OwnedQuerySet(models.QuerySet):
    """Rows the task worker keeps for the one user who asked (a prepared file, an import run):
    they hold what that user may see, so they are theirs alone, whatever the user's role."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class ImportRunStatus(models.TextChoices):
    RUNNING = "running", _("Being imported")
    DONE = "done", _("Imported")
    INVALID = "invalid", _("Nothing imported: the data changed")
    FAILED = "failed", _("Could not be imported")


class ImportRun(models.Model):
    """A confirmed Excel import written by the task worker (branches.kernel.imports): the file
    waits here, not in the session, until the worker has written every row or none."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.CASCADE)
    importer = models.CharField(_("import"), max_length=200)  # the ExcelImport class, by its dotted path
    file_name = models.CharField(_("file name"), max_length=255)
    details = models.JSONField(_("details"), default=dict)
    data = models.BinaryField(_("file"), default=b"")  # emptied once the import is done
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.RUNNING)
    message = models.TextField(_("message"), blank=True)
    errors = models.JSONField(_("errors"), default=list)
    done_url = models.CharField(_("done address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name
