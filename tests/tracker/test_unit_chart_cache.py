"""The whole chart kept by the process (tracker.selectors.unit_tree_on without unit ids)
follows every write to units, revisions and successions, whoever makes it: the token is
moved by database triggers (migration tracker 0007), on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory
from tracker.models import UnitChartVersion, UnitRevision, UnitSuccession
from tracker.selectors import unit_tree_on

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def _read(day=DAY):
    with CaptureQueriesContext(connection) as queries:
        tree = unit_tree_on(day)
    return tree, len(queries)


def test_the_second_read_asks_only_for_the_token():
    unit = UnitFactory(name="Ban Dân vận")
    tree, first = _read()
    again, second = _read()
    assert tree.unit(unit.pk).name == "Ban Dân vận"
    assert first == 2 and second == 1
    assert again is tree  # the same day's tree is shared, not rebuilt
    other_day, queries = _read(DAY + dt.timedelta(days=1))
    assert queries == 1 and other_day.unit(unit.pk).name == "Ban Dân vận"


def test_a_bulk_update_without_signals_is_seen():
    unit = UnitFactory(name="Ban Tuyên giáo")
    _read()
    type(unit).objects.filter(pk=unit.pk).update(name="Ban Tuyên giáo và Dân vận")
    tree, queries = _read()
    assert queries == 2
    assert tree.unit(unit.pk).name == "Ban Tuyên giáo và Dân vận"


def test_raw_sql_and_deletes_are_seen():
    unit, gone = UnitFactory(name="Huyện ủy A"), UnitFactory(name="Huyện ủy B")
    _read()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tracker_unit SET name = %s WHERE id = %s", ["Đảng ủy xã A", unit.pk])
    assert _read()[0].unit(unit.pk).name == "Đảng ủy xã A"
    gone.delete()
    assert _read()[0].unit(gone.pk) is None


def test_revisions_and_successions_are_seen():
    old, new = UnitFactory(name="Sở Nội vụ cũ"), UnitFactory(name="Sở Nội vụ")
    tree, _ = _read()
    assert tree.unit(old.pk).name == "Sở Nội vụ cũ"
    UnitRevision.objects.create(unit=old, name="Phòng Nội vụ", short_name="",
                                parent=None, valid_to=DAY + dt.timedelta(days=1))
    assert _read()[0].unit(old.pk).name == "Phòng Nội vụ"
    UnitSuccession.objects.create(predecessor=old, successor=new, kind="merge",
                                  effective_on=DAY)
    assert _read()[0]._predecessors == {new.pk: [old.pk]}


def test_a_chart_read_inside_a_rolled_back_change_is_not_reused():
    unit = UnitFactory(name="Mặt trận")
    _read()
    with pytest.raises(RuntimeError), transaction.atomic():
        type(unit).objects.filter(pk=unit.pk).update(name="Đổi tên rồi hủy")
        assert _read()[0].unit(unit.pk).name == "Đổi tên rồi hủy"
        raise RuntimeError("roll back")
    tree, queries = _read()
    assert tree.unit(unit.pk).name == "Mặt trận"


def test_without_a_token_nothing_is_kept():
    unit = UnitFactory(name="Đoàn Thanh niên")
    UnitChartVersion.objects.all().delete()
    first, q1 = _read()
    second, q2 = _read()
    assert (q1, q2) == (2, 2)
    assert first is not second and second.unit(unit.pk).name == "Đoàn Thanh niên"
    unit.name = "Tỉnh đoàn"
    unit.save()  # the trigger puts a token back, and the chart is kept again
    assert UnitChartVersion.objects.count() == 1
    assert _read()[0].unit(unit.pk).name == "Tỉnh đoàn"
    assert _read()[1] == 1
