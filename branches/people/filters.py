import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import QuickSelect, whole_number
from branches.kernel.queries import code_is, text_contains
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch, PartyGroup, Window
from branches.people.models import Person, PoliticalStatus


class PersonFilter(django_filters.FilterSet):
    """Filters of the people directory; the choices offered are limited to the user's scope."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=40)
    branch = django_filters.ModelChoiceFilter(label=_("party branch"), queryset=Branch.objects.none(), widget=QuickSelect(label_field="name"))
    group = django_filters.ModelChoiceFilter(label=_("party group"), queryset=PartyGroup.objects.none(), widget=QuickSelect)
    # with a choice of none first: without it the browser shows the first status as chosen
    political_status = django_filters.TypedChoiceFilter(
        label=_("political status"), choices=[("", _("Any political status")), *PoliticalStatus.choices], coerce=int
    )

    class Meta:
        model = Person
        fields = ["q", "branch", "group", "political_status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Branch.objects.visible_to(user)
        self.filters["branch"].queryset = branches
        self.filters["group"].queryset = self.groups_offered(user, branches)

    def groups_offered(self, user, branches):
        """The groups of the branch chosen (or of the user's only branch): a province has thousands."""
        groups = PartyGroup.objects.visible_to(user).select_related("branch")
        chosen = whole_number((self.data or {}).get("branch"))
        if chosen is not None:
            return groups.filter(branch=chosen)
        if not scope_for(user).sees_all:
            return groups
        return groups.none()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The windows matched first, as a list of ids: as a subquery, PostgreSQL took it to match
        # half of the people, and read the whole directory in the order of names for one page.
        windows = Window.objects.filter(code_is("code", value) | text_contains("name", value))
        match = text_contains("name", value) | code_is("staff_number", value) | text_contains("title", value)
        window_ids = list(windows.values_list("pk", flat=True))
        return queryset.filter(match | Q(window__in=window_ids) if window_ids else match)
