"""Every check of the demo office, gathered in one module: pytest-xdist (``--dist loadfile``)
sends a module to one worker, which seeds the demo once (tests/demo/conftest.py) — split over
several modules, the checks would seed it once for each.

- ``seed_checks``: what ``manage.py seed_demo`` loads, the seed's 2019–2021 figures, idempotence;
- ``living_office_checks``: every year since the seed's, up to today, and the photos and brand;
- ``brand_report_checks``: the brand report of 2019–2021 reads like the seed.
"""

from tests.demo.brand_report_checks import *  # noqa: F403
from tests.demo.living_office_checks import *  # noqa: F403
from tests.demo.seed_checks import *  # noqa: F403
