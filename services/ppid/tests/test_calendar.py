import datetime as dt

from ppid.domain import objections
from ppid.domain import requests as rules
from ppid.domain.calendar import WorkingCalendar

WIB = dt.timezone(dt.timedelta(hours=7))


def test_ten_working_days_count_from_the_next_working_day():
    calendar = WorkingCalendar()
    # Monday 2 Nov 2026: day 1 is Tuesday 3 Nov, day 10 is Monday 16 Nov.
    assert calendar.add_working_days(dt.date(2026, 11, 2), 10) == dt.date(2026, 11, 16)


def test_joint_leave_and_public_holidays_are_not_working_days():
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(dt.date(2026, 12, 24))  # cuti bersama Natal
    assert not calendar.is_working_day(dt.date(2026, 12, 25))  # Hari Raya Natal
    # Received Mon 21 Dec 2026: 22, 23, (24, 25 off), 28, 29, 30, 31, (1 Jan off), 4, (5 Isra Mi'raj), 6, 7, 8.
    assert calendar.add_working_days(dt.date(2026, 12, 21), 10) == dt.date(2027, 1, 8)


def test_eid_leave_block_is_skipped():
    calendar = WorkingCalendar()
    # 18-24 March 2026 are Nyepi, Idul Fitri and their joint leave days.
    assert calendar.add_working_days(dt.date(2026, 3, 17), 1) == dt.date(2026, 3, 25)


def test_request_on_a_weekend_is_received_on_the_next_working_day():
    calendar = WorkingCalendar()
    saturday_evening = dt.datetime(2026, 11, 28, 20, 0, tzinfo=WIB)
    assert calendar.receipt_day(saturday_evening) == dt.date(2026, 11, 30)


def test_receipt_uses_the_office_time_zone():
    # 23:30 UTC on Monday is already Tuesday in WIB.
    late_utc = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)
    assert WorkingCalendar(timezone="Asia/Jakarta").receipt_day(late_utc) == dt.date(2026, 11, 24)
    assert WorkingCalendar(timezone="UTC").receipt_day(late_utc) == dt.date(2026, 11, 23)


def test_office_closed_days_are_not_working_days():
    calendar = WorkingCalendar(closed_days=[dt.date(2026, 11, 3)])
    assert calendar.add_working_days(dt.date(2026, 11, 2), 1) == dt.date(2026, 11, 4)
    assert calendar.working_days_between(dt.date(2026, 11, 2), dt.date(2026, 11, 6)) == 3


def test_christmas_and_the_year_end_are_skipped_hand_counted():
    calendar = WorkingCalendar()
    # Received Monday 21 Dec 2026: 22, 23, (24 joint leave, 25 Christmas), 28, 29, 30, 31, (1 Jan), 4, (5 Jan Isra
    # Mi'raj 2027), 6, 7, 8 -> the tenth working day is Friday 8 January 2027.
    assert rules.notice_deadline(calendar, dt.date(2026, 12, 21)).due == dt.date(2027, 1, 8)
    # One extension of 7 working days from there: 11, 12, 13, 14, 15, 18, 19 January.
    assert rules.extended_deadline(calendar, dt.date(2027, 1, 8)).due == dt.date(2027, 1, 19)


def test_completion_window_across_idul_fitri_2026():
    calendar = WorkingCalendar()
    # Returned Tuesday 17 March 2026; 18-24 March are Nyepi, Idul Fitri and cuti bersama: 25, 26, 27 March.
    assert rules.completion_deadline(calendar, dt.date(2026, 3, 17), 3).due == dt.date(2026, 3, 27)
    # 25, 26, 27, 30, 31 March, 1, 2, (3 April Good Friday), 6, 7, 8 April -> the tenth is 8 April 2026.
    assert rules.notice_deadline(calendar, dt.date(2026, 3, 17)).due == dt.date(2026, 4, 8)


def test_objection_answer_and_dispute_windows():
    calendar = WorkingCalendar()
    filed = dt.date(2026, 11, 2)
    answer = objections.answer_deadline(calendar, filed).due
    assert calendar.working_days_between(filed, answer) == 30
    # No holiday from 3 Nov to 14 Dec 2026: 20 working days in November after the 2nd, then 1-4, 7-11, 14 December.
    assert answer == dt.date(2026, 12, 14)
    dispute = objections.dispute_deadline(calendar, dt.date(2026, 12, 16)).due
    # 17, 18, 21, 22, 23, (24, 25), 28, 29, 30, 31, (1 Jan), 4, (5), 6, 7, 8, 11 -> the 14th is 11 Jan 2027.
    assert dispute == dt.date(2027, 1, 11)
    assert objections.ground_arose(None, dt.date(2026, 12, 1), dt.date(2026, 12, 1)) is None
    assert objections.ground_arose(None, dt.date(2026, 12, 1), dt.date(2026, 12, 2)) == dt.date(2026, 12, 1)
    assert objections.ground_arose(dt.date(2026, 11, 20), dt.date(2026, 12, 1), dt.date(2026, 11, 21)) == dt.date(
        2026, 11, 20
    )


def test_the_national_days_file_is_what_the_installed_holidays_package_says():
    """Upgrading ``holidays`` (next year's cuti bersama) fails here until ``python -m ppid.domain.calendar`` has
    rewritten the file the web workers read instead of importing the package."""
    from ppid.domain import calendar

    assert calendar.NATIONAL_DAYS.read_text(encoding="utf-8") == calendar.written_file()


def test_a_year_beyond_the_file_is_read_from_the_package_and_holiday_names_are_indonesian():
    from ppid.domain.calendar import NationalDays, national_days

    days = national_days()
    assert days.get(dt.date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert days.joint_leave_known(2026) and not days.joint_leave_known(2039)
    beyond = NationalDays({"years": [2026, 2026], "days": {}, "joint_leave_years": []})
    assert dt.date(2030, 8, 17) in beyond and dt.date(2026, 8, 17) not in beyond, "the file decides for its years"
