"""object_path: the path reverse() gives, without reverse() at every call."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from branches.kernel.paths import SAMPLE_ID, object_path


@pytest.mark.parametrize(
    ("name", "leading"),
    [
        ("branches:lecture-detail", ()),
        ("branches:person-detail", ()),
        ("branches:branch-detail", ()),
        ("services:problem-detail", ()),
        ("services:record-detail", ("service",)),
        ("services:record-detail", ("patrol",)),
    ],
)
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_it_gives_the_path_reverse_gives(name, leading, pk):
    assert object_path(name, pk, *leading) == reverse(name, args=[*leading, pk])


def test_each_leading_argument_has_its_own_path():
    assert object_path("services:record-detail", 7, "deed") == reverse("services:record-detail", args=["deed", 7])
    assert object_path("services:record-detail", 7, "service") == reverse("services:record-detail", args=["service", 7])


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/hall/")
        assert object_path("branches:lecture-detail", 5) == reverse("branches:lecture-detail", args=[5])
        assert object_path("branches:lecture-detail", 5).startswith("/hall/")
    finally:
        set_script_prefix("/")
    assert not object_path("branches:lecture-detail", 5).startswith("/hall/")


def test_it_follows_the_url_configuration(settings):
    before = object_path("branches:lecture-detail", 5)
    settings.ROOT_URLCONF = "tests.kernel.urls_elsewhere"
    assert object_path("branches:lecture-detail", 5) == "/elsewhere/lectures/5/" != before


def test_it_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        object_path("branches:lecture-detail", "5/../../admin")
    with pytest.raises(NoReverseMatch):
        object_path("branches:no-such-page", 5)
    assert str(SAMPLE_ID) not in object_path("branches:lecture-detail", 3)
