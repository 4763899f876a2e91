"""Where Django looks for the app's models: each is defined in its feature's package
(``services/<feature>/models.py``), imported here so that the app registers it."""

from services.enterprises import models as enterprises  # noqa: F401
from services.notifications import models as notifications  # noqa: F401
from services.patrols import models as patrols  # noqa: F401
from services.problems import models as problems  # noqa: F401
from services.records import models as records  # noqa: F401
from services.records import (
    photos,  # noqa: F401
    tallies,  # noqa: F401
)
from services.satisfaction import models as satisfaction  # noqa: F401
from services.speedups import models as speedups  # noqa: F401
from services.studios import models as studios  # noqa: F401
