"""Django admin of the app: the committee office's raw data, each feature's in its own
``admin.py``, registered when this module is imported (as Django does with every app's admin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from branches.brand import admin as brand_admin  # noqa: F401
from branches.display import admin as display_admin  # noqa: F401
from branches.downloads import admin as downloads_admin  # noqa: F401
from branches.honours import admin as honours_admin  # noqa: F401
from branches.lectures import admin as lectures_admin  # noqa: F401
from branches.mentoring import admin as mentoring_admin  # noqa: F401
from branches.organisation import admin as organisation_admin  # noqa: F401
from branches.people import admin as people_admin  # noqa: F401
from branches.pledges import admin as pledges_admin  # noqa: F401
from branches.ratings import admin as ratings_admin  # noqa: F401

admin.site.site_header = _("Torchbearer administration")
admin.site.site_title = _("Torchbearer")
admin.site.index_title = _("Raw data")
