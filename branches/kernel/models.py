"""What the apps' models share."""

import functools


@functools.cache
def choice_labels(field):
    """``{value: label}`` of a choice field, the labels lazy (translated when shown); built once,
    for the pages and files that show a label per row of values."""
    return dict(field.flatchoices)
