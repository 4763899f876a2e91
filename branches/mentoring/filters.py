"""The mentor pairings' filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import QuickSelect
from branches.mentoring.models import Mentorship, MentorshipStatus, PairingKind
from branches.organisation.models import Branch


class MentorshipFilter(django_filters.FilterSet):
    """Filters of the mentor pairings: status, kind and the mentee's branch (within the user's scope)."""

    status = django_filters.ChoiceFilter(
        label=_("status"), choices=MentorshipStatus.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind of pairing"), choices=PairingKind.choices, empty_label=_("Any kind")
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("party branch"),
        field_name="mentee__branch",
        queryset=Branch.objects.none(),
        empty_label=_("All branches"),
        widget=QuickSelect(label_field="name"),
    )

    class Meta:
        model = Mentorship
        fields = ["status", "kind", "branch"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["branch"].queryset = Branch.objects.visible_to(user)
