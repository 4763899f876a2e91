"""The periods figures are counted over: a year, a quarter, any span of days."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

#: The earliest year pages offer (the brand's work began about then: 全国十佳行政服务大厅, 2015).
FIRST_YEAR = 2015


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year, quarter):
        """One of the year's quarters (1 to 4); the whole year for none."""
        if not quarter:
            return cls.year(year)
        start = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
        return cls(start, following - datetime.timedelta(days=1))

    @property
    def first_month(self):
        return self.start.replace(day=1)

    @property
    def last_month(self):
        return self.end.replace(day=1)

    def before(self):
        """The period of the same length just before this one (a year: the year before)."""
        if self.start.month == 1 and self.start.day == 1 and self.end.month == 12 and self.end.day == 31:
            return Period(self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1))
        length = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(end - length, end)


def working_days(start, end):
    """The days from ``start`` to ``end`` (both included) from Monday to Friday. The office's
    shifted working days around public holidays are not modelled."""
    days = (start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1))
    return [day for day in days if day.weekday() < 5]


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def years_with_data():
    """Years a page can show: from the brand's first year to this one, newest first (no query)."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))
