import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from branches.organisation.models import Branch
from torchbearer.reports.report import (
    annual_figures,
    check_years,
    period_figures,
    results_table,
    rows,
    shown,
)


class Command(BaseCommand):
    help = (
        "Print the brand report's figures for a year, or for a span of years (--from, --to: the total "
        "over the span and each year's), for the office or a branch."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--year", type=int)
        when.add_argument("--from", type=int, dest="first", help="the span's first year (with --to)")
        parser.add_argument("--to", type=int, dest="last", help="the span's last year (with --from)")
        parser.add_argument("--branch", type=int, help="the branch's number (1 for the first party branch)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, year=None, first=None, last=None, branch=None, format="text", **options):
        if year is not None and last is not None:
            raise CommandError("--to goes with --from, not with --year.")
        if year is None and first is None:
            raise CommandError("--to needs --from: the span's first year." if last is not None else "Give --year, or --from and --to.")
        if year is not None and not 1900 < year < 2200:
            raise CommandError(f"{year} is not a year the report can cover.")
        if first is not None:
            if last is None:
                raise CommandError("--from needs --to: the span's last year.")
            try:
                check_years(first, last)
            except ValidationError as error:
                with translation.override("en"):
                    raise CommandError(" ".join(error.messages)) from error
        chosen = None
        if branch is not None:
            chosen = Branch.objects.filter(number=branch).first()
            if chosen is None:
                raise CommandError(f"There is no party branch number {branch}.")
        if year is not None:
            report = annual_figures(year, branch=chosen)
        else:
            report = period_figures(first, last, branch=chosen)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, default=_json_value))
            return
        with translation.override("zh-hans"):
            self._text(report, chosen)

    def _text(self, report, branch):
        name = f" · {branch.name}" if branch else ""
        if "years" not in report:
            self.stdout.write(f"{report['year']} 年创建成效{name}")
            for label, unit, value, _before in rows(report, report):
                self.stdout.write(f"  {label}：{'—' if value is None else f'{value}{unit}'}")
        else:
            self.stdout.write(f"{report['from']}—{report['to']} 年创建成效{name}")
            table = results_table(report)
            for row in table.rows:
                years = "，".join(f"{year} 年 {shown(value, row.unit)}" for year, value in zip(table.headings[1:], row.values[1:]))
                note = f"（{row.note}）" if row.note else ""
                self.stdout.write(f"  {row.label}：{shown(row.values[0], row.unit)}{note}；{years}")
        self.stdout.write("  荣誉：" + ("；".join(report["honours"]) or "—"))


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
