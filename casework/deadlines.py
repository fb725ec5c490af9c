"""Legal deadlines: calendar days, or business days without weekends and French public
holidays, counted from a starting day."""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def french_public_holidays(year: int) -> frozenset[date]:
    """The eleven public holidays of metropolitan France (Code du travail, L3133-1)."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [easter + timedelta(days=1), easter + timedelta(days=39), easter + timedelta(days=50)]
    return frozenset([date(year, month, day) for month, day in fixed] + moving)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in french_public_holidays(day.year)


def deadline_from(start: date, days: int, *, business_days: bool) -> date:
    """The day `days` days after `start`: calendar days, or business days only."""
    if not business_days:
        return start + timedelta(days=days)
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            left -= 1
    return day
