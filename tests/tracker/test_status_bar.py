"""The stacked status bar (`status_bar` tag): drawn to scale, and a segment is a link
only when it is wide enough to be a 24 px target (WCAG 2.5.8)."""

import re

from tracker.templatetags.web import LINKED_SEGMENT_MIN, status_bar

COUNTS = {"accepted_on_time": 60, "accepted_late": 5, "submitted": 0, "returned": 0,
          "overdue": 35, "pending": 0}
LINKS = {key: f"/list/?status={key}" for key in COUNTS}


def _segments(html: str) -> list[tuple[str, str, int]]:
    """(tag, tone, width %) of each segment, in order."""
    return [(tag, tone, int(width)) for tag, tone, width in
            re.findall(r'<(a|span) class="seg tone-(\w+) w-(\d+)"', html)]


def test_segments_are_drawn_to_scale_and_only_wide_ones_are_links():
    html = str(status_bar({"counts": COUNTS, "total": 100}, LINKS))
    assert _segments(html) == [("a", "ok", 60), ("span", "late", 5), ("a", "overdue", 35)]
    assert 'href="/list/?status=accepted_on_time"' in html
    assert "status=accepted_late" not in html  # 5 % wide: drawn, not a link
    assert 'role="img" aria-label="Đạt, nộp muộn: 5"' in html  # named all the same
    assert 'class="stackbar linked" role="group"' in html


def test_the_threshold_is_inclusive():
    counts = {**COUNTS, "accepted_on_time": 100 - LINKED_SEGMENT_MIN, "accepted_late": 0,
              "overdue": LINKED_SEGMENT_MIN}
    html = str(status_bar({"counts": counts, "total": 100}, LINKS))
    assert [tag for tag, _tone, _w in _segments(html)] == ["a", "a"]


def test_without_links_every_status_is_a_span_and_values_are_escaped():
    html = str(status_bar({"counts": COUNTS, "total": 100}))
    assert [tag for tag, _tone, _w in _segments(html)] == ["span"] * 6
    assert 'role="img"' in html and "<a " not in html
    links = {**LINKS, "accepted_on_time": '/x?a=1&b="2"'}
    assert 'href="/x?a=1&amp;b=&quot;2&quot;"' in str(
        status_bar({"counts": COUNTS, "total": 100}, links))


def test_an_empty_roll_up_draws_an_empty_bar():
    assert _segments(str(status_bar({"counts": {}, "total": 0}, LINKS))) == []


def test_a_segment_without_a_link_is_drawn_and_named():
    links = {**LINKS, "overdue": None}
    html = str(status_bar({"counts": COUNTS, "total": 100}, links))
    assert _segments(html)[-1] == ("span", "overdue", 35)
    assert 'aria-label="Chưa nộp, quá hạn: 35"' in html


def test_counts_in_tooltips_are_written_in_vietnamese_form():
    counts = {**COUNTS, "accepted_on_time": 746300, "overdue": 253700}
    html = str(status_bar({"counts": counts, "total": 1000000}, LINKS))
    assert 'title="Đạt, đúng hạn: 746.300"' in html
