import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torchbearer.settings")

application = get_wsgi_application()

# The objects loaded so far (Django, the apps, the URLconf) live as long as the process: moved out
# of the garbage collector's sight, they are no longer walked by every full collection, which at
# province scale showed as a long tail on large pages (docs/PERFORMANCE.md). Fewer, larger
# generations do the rest.
gc.freeze()
gc.set_threshold(50_000, 20, 100)
