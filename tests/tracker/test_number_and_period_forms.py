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
