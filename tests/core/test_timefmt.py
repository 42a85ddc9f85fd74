from __future__ import annotations

import datetime as dt

from django.utils import translation

from parcours.core import timefmt

FIVE_PM_PARIS = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)  # 17:00 in Paris (CET)


def test_times_are_read_in_the_centres_zone_in_both_languages():
    with translation.override("en"):
        assert timefmt.when(FIVE_PM_PARIS, "Europe/Paris") == "27/11/2026 17:00"
        assert timefmt.day(FIVE_PM_PARIS, "Europe/Paris") == "27 November 2026"
        assert timefmt.clock(FIVE_PM_PARIS, "Europe/Paris") == "17:00"
    with translation.override("fr"):
        assert timefmt.when(FIVE_PM_PARIS, "Europe/Paris") == "27/11/2026 17:00"
        assert timefmt.day(FIVE_PM_PARIS, "Europe/Paris") == "27 novembre 2026"


def test_a_late_evening_in_utc_is_the_next_day_in_paris():
    late = dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC)
    with translation.override("en"):
        assert timefmt.day(late, "Europe/Paris") == "1 July 2026"
        assert timefmt.clock(late, "Europe/Paris") == "00:30"


def test_english_never_uses_the_us_order_nor_a_doubled_period():
    with translation.override("en"):
        text = timefmt.when(dt.datetime(2026, 11, 26, 19, 29, tzinfo=dt.UTC), "Europe/Paris")
    assert text == "26/11/2026 20:29" and "p.m." not in text


def test_a_sessions_moment_names_the_week_day_in_a_sentence_in_both_languages():
    """The week day is in lower case inside a French sentence: the schedule's own capitalised
    labels ("Mardi", a weekday choice) have a context of their own."""
    with translation.override("en"):
        assert timefmt.moment(FIVE_PM_PARIS, "Europe/Paris") == "Friday 27 November at 17:00"
    with translation.override("fr"):
        assert timefmt.moment(FIVE_PM_PARIS, "Europe/Paris") == "vendredi 27 novembre à 17:00"


def test_a_time_of_day_reads_as_it_is():
    with translation.override("fr"):
        assert timefmt.clock(dt.time(9, 5)) == "09:05"
