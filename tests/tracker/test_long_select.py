"""The long drop-downs of the list pages (tracker.lists.LongSelect): options kept by the
process for the same choices, the chosen one selected on each render, labels escaped."""

from tracker.lists import LongSelect, Pairs


def _render(choices, value):
    return LongSelect(choices=Pairs(choices)).render("unit", value)


def test_the_kept_options_are_selected_per_render_not_once_for_all():
    choices = [("", "Tất cả"), (1, "Ban Dân vận"), (12, "Huyện ủy <A> & \"B\"")]
    first = _render(choices, 12)
    assert '<option value="12" selected>Huyện ủy &lt;A&gt; &amp; &quot;B&quot;</option>' in first
    assert '<option value="1">Ban Dân vận</option>' in first
    second = _render(choices, "1")
    assert '<option value="1" selected>' in second and '<option value="12">' in second
    assert "selected" not in _render(choices, None).replace('name="unit"', "")
    # "1" is not "12": only the exact value is selected.
    assert second.count(" selected") == 1


def test_new_labels_are_written_again():
    assert "Sở Nội vụ" in _render([(5, "Sở Nội vụ")], 5)
    renamed = _render([(5, "Sở Nội vụ và Lao động")], 5)
    assert '<option value="5" selected>Sở Nội vụ và Lao động</option>' in renamed


def test_plain_lists_still_work_and_the_all_choice_can_be_chosen():
    widget = LongSelect(choices=[("", "All"), (3, "Tỉnh đoàn")])
    html = widget.render("directive", "")
    assert '<option value="" selected>All</option>' in html
    assert html.startswith('<select name="directive">')
    assert list(Pairs([(3, "x")])) == [("3", "x")]
