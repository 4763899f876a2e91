"""Django admin in Chinese throughout: every app, model and field an administrator sees."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def registered_labels():
    """(where, label) of every app, model and field of every model registered in the admin."""
    for model in admin.site._registry:
        meta = model._meta
        yield meta.app_label, apps.get_app_config(meta.app_label).verbose_name
        yield meta.label, meta.verbose_name
        yield meta.label, meta.verbose_name_plural
        for field in meta.get_fields():
            if isinstance(field, GenericForeignKey):  # no label of its own: its two fields have them
                continue
            if getattr(field, "verbose_name", None) and not field.auto_created:
                yield f"{meta.label}.{field.name}", field.verbose_name


def test_every_app_model_and_field_in_the_admin_reads_in_chinese():
    with translation.override("zh-hans"):
        untranslated = [(where, str(label)) for where, label in registered_labels() if not CHINESE.search(str(label))]
    assert untranslated == []


def test_the_lock_out_section_reads_in_chinese(admin_client):
    client = admin_client
    index = client.get(reverse("admin:index")).content.decode()
    assert ">Axes<" not in index and "登录锁定" in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "访问尝试" in page


def test_the_admin_and_the_browser_find_the_icon(admin_client, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.ico")
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "favicon.svg" in index
