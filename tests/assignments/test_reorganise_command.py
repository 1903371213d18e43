"""`manage.py reorganise PLAN.csv`: a province-wide plan, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from assignments.models import Reorganisation
from tests.conftest import travel
from tracker.models import Unit

pytestmark = pytest.mark.django_db

HEAD = "plan,kind,effective_on,side,unit,code,name,unit_kind,parent,new_name,new_parent,note\n"


def _write(tmp_path, rows):
    path = tmp_path / "plan.csv"
    path.write_text(HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_plan_with_a_merge_a_split_and_a_move(published, tmp_path, capsys):
    path = _write(tmp_path, [
        "1,merge,01/03/2025,source,bdv,,,,,,,Hợp nhất hai ban",
        "1,merge,01/03/2025,target,,btgdv,Ban Tuyên giáo và Dân vận Tỉnh ủy,advisory_board,,,,",
        "2,move,2025-03-01,source,tinhdoan,,,,,,mttq,",
        "3,split,2025-07-01,source,huyen-a,,,,,,,",
        "3,split,2025-07-01,target,,xa-mot,Đảng ủy xã Một,party_committee,,,,",
        "3,split,2025-07-01,target,,xa-hai,Đảng ủy xã Hai,party_committee,,,,",
    ])
    Unit.objects.create(code="mttq", name="Ủy ban MTTQ tỉnh", kind=Unit.Kind.FRONT)
    with travel("2025-07-02"):
        call_command("reorganise", str(path), "--by", "admin")
    assert Reorganisation.objects.filter(status="applied").count() == 3
    published.directive.refresh_from_db()
    assert published.directive.supervising_unit.code == "btgdv"
    assert Unit.objects.get(code="tinhdoan").parent.code == "mttq"
    assert not Unit.objects.get(code="huyen-a").is_active
    assert "3:" in capsys.readouterr().out


def test_a_bad_row_stops_everything_and_is_named(published, tmp_path):
    path = _write(tmp_path, [
        "1,dissolve,2025-03-01,source,tinhdoan,,,,,,,",
        "2,merge,2025-07-01,source,huyen-a,,,,,,,",
        "2,merge,2025-07-01,source,khong-co,,,,,,,",
        "2,merge,2025-07-01,target,huyen-b,,,,,,,",
    ])
    with travel("2025-07-02"), pytest.raises(CommandError, match="Dòng 4"):
        call_command("reorganise", str(path), "--by", "admin")
    assert Unit.objects.get(code="tinhdoan").is_active
    assert not Reorganisation.objects.exists()


def test_dry_run_writes_nothing(published, tmp_path):
    path = _write(tmp_path, ["1,dissolve,2025-03-01,source,tinhdoan,,,,,,,"])
    with travel("2025-07-02"):
        call_command("reorganise", str(path), "--by", "admin", "--dry-run")
    assert Unit.objects.get(code="tinhdoan").is_active
