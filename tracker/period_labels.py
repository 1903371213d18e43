"""Period labels in the reader's language.

A reporting period's label is stored in Vietnamese (assignments/periods.py writes it:
"Quý IV/2026", "6 tháng cuối năm 2026"); pages and notifications in another language
show it translated, from the same pattern."""

import re
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

_PERIOD_LABELS = [
    (re.compile(r"^Tháng (\d{1,2})/(\d{4})$"),
     lambda m: _("Tháng %(month)s/%(year)s") % {"month": m[1], "year": m[2]}),
    (re.compile(r"^Quý ([IV]+)/(\d{4})$"),
     lambda m: _("Quý %(quarter)s/%(year)s") % {"quarter": m[1], "year": m[2]}),
    (re.compile(r"^6 tháng đầu năm (\d{4})$"),
     lambda m: _("6 tháng đầu năm %(year)s") % {"year": m[1]}),
    (re.compile(r"^6 tháng cuối năm (\d{4})$"),
     lambda m: _("6 tháng cuối năm %(year)s") % {"year": m[1]}),
    (re.compile(r"^Năm (\d{4})$"), lambda m: _("Năm %(year)s") % {"year": m[1]}),
    (re.compile(r"^Báo cáo kết quả \(hạn (\d\d/\d\d/\d{4})\)$"),
     lambda m: _("Báo cáo kết quả (hạn %(date)s)") % {"date": m[1]}),
]


def localized_period_label(label) -> str:
    """A stored period label in the active language; any other text as it is."""
    return _localized(str(label or ""), get_language())


@lru_cache(maxsize=4096)
def _localized(text: str, _language: str | None) -> str:
    # Per language (the key's second part): a page shows the same few labels many times.
    for pattern, render in _PERIOD_LABELS:
        match = pattern.match(text)
        if match:
            return render(match)
    return text
