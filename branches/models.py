"""Where Django looks for the app's models: each is defined in its feature's package
(``branches/<feature>/models.py``), imported here so that the app registers it."""

from branches.brand import models as brand  # noqa: F401
from branches.display import models as display  # noqa: F401
from branches.downloads import models as downloads  # noqa: F401
from branches.honours import models as honours  # noqa: F401
from branches.kernel import models as kernel  # noqa: F401
from branches.lectures import models as lectures  # noqa: F401
from branches.mentoring import models as mentoring  # noqa: F401
from branches.organisation import models as organisation  # noqa: F401
from branches.people import models as people  # noqa: F401
from branches.pledges import models as pledges  # noqa: F401
from branches.ratings import models as ratings  # noqa: F401
