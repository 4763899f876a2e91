"""The production static files storage, tolerant of a source map that is not there.

``collectstatic`` with the production storage fails today: static/vendor/chart.js/chart.umd.min.js
ends with ``//# sourceMappingURL=chart.umd.min.js.map`` and that map is not vendored. The benchmark
collects with this storage (same hashed names, same staticfiles.json manifest), which leaves
source-map comments alone; gunicorn with the production settings then serves that manifest.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(pattern):
        regex = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in regex

    return tuple((extension, tuple(filter(keep, entries))) for extension, entries in patterns)


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
