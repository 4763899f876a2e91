import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from branches.organisation.models import Branch
from torchbearer.reports.report import annual_figures, rows


class Command(BaseCommand):
    help = "Print the annual brand report's figures for a year (and optionally a branch)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--branch", type=int, help="the branch's number (1 for the first party branch)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, year, branch=None, format="text", **options):
        if not 1900 < year < 2200:
            raise CommandError(f"{year} is not a year the report can cover.")
        chosen = None
        if branch is not None:
            chosen = Branch.objects.filter(number=branch).first()
            if chosen is None:
                raise CommandError(f"There is no party branch number {branch}.")
        report = annual_figures(year, branch=chosen)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, default=_json_value))
            return
        with translation.override("zh-hans"):
            title = f"{year} 年创建成效" + (f" · {chosen.name}" if chosen else "")
            self.stdout.write(title)
            for label, unit, value, _before in rows(report, report):
                shown = "—" if value is None else f"{value}{unit}"
                self.stdout.write(f"  {label}：{shown}")
            self.stdout.write("  荣誉：" + ("；".join(report["honours"]) or "—"))


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
