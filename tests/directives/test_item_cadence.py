"""The cadence an item is reported on (ResponsibilityItem.reported_cadence)."""

from directives.models import Cadence, Directive, ResponsibilityItem

QUARTERLY = Directive(report_cadence=Cadence.QUARTERLY)


def _item(**fields) -> ResponsibilityItem:
    return ResponsibilityItem(**fields)


def test_an_item_with_its_own_cadence_keeps_it():
    item = _item(cadence=Cadence.MONTHLY, deadline_mode=ResponsibilityItem.DeadlineMode.FIXED)
    assert item.reported_cadence(QUARTERLY) == Cadence.MONTHLY


def test_a_bare_deadline_is_reported_once():
    item = _item(cadence="", deadline_mode=ResponsibilityItem.DeadlineMode.FIXED)
    assert item.reported_cadence(QUARTERLY) == Cadence.ONE_OFF


def test_otherwise_the_directive_sets_the_cadence():
    for mode in (ResponsibilityItem.DeadlineMode.CONTINUOUS,
                 ResponsibilityItem.DeadlineMode.PERIODIC):
        assert _item(cadence="", deadline_mode=mode).reported_cadence(QUARTERLY) == (
            Cadence.QUARTERLY)
    item = _item(cadence="", deadline_mode=ResponsibilityItem.DeadlineMode.CONTINUOUS,
                 directive=Directive(report_cadence=Cadence.ANNUAL))
    assert item.reported_cadence() == Cadence.ANNUAL
