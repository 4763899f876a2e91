"""Windows in Excel: the roster's second kind, with the office's Chinese column headers."""

from django.utils.translation import gettext_lazy

from branches.kernel.rosters import (
    YES,
    ChoiceWidget,
    LookupWidget,
    RosterField,
    RosterResource,
    YesNoWidget,
)
from branches.organisation.models import Branch, BusinessLine, HallArea, Window


class WindowResource(RosterResource):
    code = RosterField(
        "code",
        "窗口编号",
        help_text=gettext_lazy("Identifies the window: a known code updates that window."),
        example="A-01",
        required=True,
    )
    name = RosterField(
        "name",
        "窗口名称",
        help_text=gettext_lazy("Name of the window."),
        example="商事登记综合窗口",
        required=True,
    )
    business_line = RosterField(
        "business_line",
        "业务条线",
        ChoiceWidget(BusinessLine),
        help_text=gettext_lazy("Business line."),
        example="不动产登记",
        required=True,
    )
    area = RosterField(
        "area", "区域编号", help_text=gettext_lazy("Code of the hall area."), example="A", required=True
    )
    covering_branch = RosterField(
        "covering_branch",
        "覆盖支部编号",
        help_text=gettext_lazy("Number of the party branch built on this window."),
        example=1,
    )
    is_active = RosterField(
        "is_active",
        "在用",
        YesNoWidget(),
        help_text=gettext_lazy("Whether the window is in service; blank means yes."),
        example=YES,
        default=True,
    )

    class Meta:
        model = Window
        fields = ("code", "name", "business_line", "area", "covering_branch", "is_active")
        import_id_fields = ("code",)

    def __init__(self, *, user):
        super().__init__(user=user)
        self.fields["area"].widget = LookupWidget(
            HallArea.objects.all(),
            "code",
            gettext_lazy("There is no hall area with the code %(value)s."),
        )
        self.fields["covering_branch"].widget = LookupWidget(
            Branch.objects.manageable_by(user),
            "number",
            gettext_lazy("There is no party branch number %(value)s."),
        )

    def get_queryset(self):
        return Window.objects.manageable_by(self.user).select_related("area", "covering_branch")
