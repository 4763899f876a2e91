"""Django admin of the services app: each feature's in its own ``admin.py``, registered when this
module is imported (as Django does with every app's admin)."""

from services.enterprises import admin as enterprises_admin  # noqa: F401
from services.notifications import admin as notifications_admin  # noqa: F401
from services.patrols import admin as patrols_admin  # noqa: F401
from services.problems import admin as problems_admin  # noqa: F401
from services.records import admin as records_admin  # noqa: F401
from services.satisfaction import admin as satisfaction_admin  # noqa: F401
from services.speedups import admin as speedups_admin  # noqa: F401
from services.studios import admin as studios_admin  # noqa: F401
