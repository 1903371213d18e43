"""Numbers in Vietnamese form in either UI language; period labels in the reader's."""

from django.utils import translation

from tracker.period_labels import localized_period_label
from tracker.templatetags.web import pct, vnnum


def test_numbers_are_in_vietnamese_form_in_both_languages():
    for language in ("vi", "en"):
        with translation.override(language):
            assert vnnum(746300) == "746.300"
            assert vnnum(1234567.891) == "1.234.567,89"
            assert vnnum(75.5) == "75,5" and vnnum(3) == "3" and vnnum(-1500) == "-1.500"
            assert vnnum(None) == "—"
            assert pct(75.5) == "75,5%" and pct(100) == "100%" and pct(None) == "—"


def test_period_labels_follow_the_language():
    labels = {"Tháng 3/2026": "Month 3/2026", "Quý IV/2026": "Quarter IV/2026",
              "6 tháng đầu năm 2026": "First half of 2026",
              "6 tháng cuối năm 2021": "Second half of 2021", "Năm 2027": "Year 2027",
              "Báo cáo kết quả (hạn 31/12/2021)": "Results report (due 31/12/2021)"}
    for vietnamese, english in labels.items():
        with translation.override("en"):
            assert localized_period_label(vietnamese) == english
        with translation.override("vi"):
            assert localized_period_label(vietnamese) == vietnamese
    with translation.override("en"):
        assert localized_period_label("Đợt đặc biệt") == "Đợt đặc biệt"  # not a pattern


def test_days_late_and_left_are_in_vietnamese_form():
    """"quá hạn 1.453 ngày" on an obligation's head and in a matrix cell's label, not
    1453 (a dissolved unit's unsent report of 2022, read in 2026)."""
    import datetime as dt

    from assignments.models import ObligationStatus
    from assignments.statuses.rule import ObligationState
    from assignments.templatetags.assignments_web import _cell_label, days_phrase

    late = ObligationState(status=ObligationStatus.OVERDUE, due_on=dt.date(2022, 12, 15),
                           days_overdue=1453, effective_submitted_on=None)
    pending = ObligationState(status=ObligationStatus.PENDING, due_on=dt.date(2030, 1, 1),
                              days_overdue=0, effective_submitted_on=None)
    for language in ("vi", "en"):
        with translation.override(language):
            assert "1.453" in days_phrase(late) and "1453" not in days_phrase(late)
            assert "1.453" in _cell_label("Thành ủy", "2022", late)
            assert "1.121" in days_phrase(pending, dt.date(2026, 12, 7))
    one = ObligationState(status=ObligationStatus.OVERDUE, due_on=dt.date(2026, 12, 6),
                          days_overdue=1, effective_submitted_on=None)
    with translation.override("en"):
        assert days_phrase(one) == "1 day overdue"
        assert days_phrase(late) == "1.453 days overdue"
        assert days_phrase(pending, dt.date(2029, 12, 31)) == "1 day left"


def test_reminder_lines_write_days_in_vietnamese_form_and_pluralise():
    from tracker.notification_texts import reminder_item_summary

    line = {"unit": "Thành ủy", "number": "06-CT/TU", "period": "2022", "returned": False,
            "base": "2022-12-15"}
    with translation.override("vi"):
        assert "(quá hạn 1.453 ngày)" in reminder_item_summary({**line, "days": -1453})
        assert "(còn 1.200 ngày)" in reminder_item_summary({**line, "days": 1200})
    with translation.override("en"):
        assert "(1.453 days overdue)" in reminder_item_summary({**line, "days": -1453})
        assert "(1 day left)" in reminder_item_summary({**line, "days": 1})
