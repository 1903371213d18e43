"""The Django side of the importer: registry from the database, create through services."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assignments.models import Assignment, ReportObligation
from directives.importer import ImportInputError
from directives.importing import import_create, import_preview, unit_registry
from directives.models import Directive
from tracker.errors import DomainError, NotAllowed
from tracker.models import Event, Unit

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt"


@pytest.fixture
def users(demo_units):
    return demo_units


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


def test_registry_is_built_from_the_database(users):
    registry = unit_registry()
    assert {u.code for u in registry.units} >= {"bdv-tu", "thanhuy-kontum", "btv-tinhdoan"}
    group = next(g for g in registry.groups if g.code == "cap-uy-truc-thuoc")
    assert len(group.member_codes) == 15


def test_seed_preview_matches_demo_units(users, seed_text):
    preview = import_preview(text=seed_text)
    assert preview["directive"]["number"] == "06-CT/TU"
    assert preview["directive"]["supervisor_units"] == ["bdv-tu"]
    sections = preview["sections"]
    assert [len(s["items"]) for s in sections] == [4, 2, 7, 1]
    assert len(sections[0]["units"]) == 15
    assert sections[1]["units"] == ["bcsd-ubnd"]
    assert "btv-tinhdoan" in sections[2]["units"]
    assert all(i["line"] for s in sections for i in s["items"])


def test_seed_import_creates_and_publishes_through_services(users, seed_text):
    preview = import_preview(text=seed_text)
    directive = import_create(preview=preview, actor=users["danvan"], text=seed_text,
                              publish=True, today=dt.date(2022, 1, 10))
    assert directive.status == Directive.Status.ACTIVE
    assert directive.supervising_unit.code == "bdv-tu"
    assert directive.items.count() == 14
    assert directive.sections.count() == 4
    first = directive.items.get(order=1)
    assert first.assignments.count() == 15
    joint = directive.items.get(order=5)
    assert joint.assignment_mode == "joint"
    assert joint.assignments.get(role="lead").unit.code == "bcsd-ubnd"
    # Semi-annual reports from the second half of 2021 up to the current period.
    assert ReportObligation.objects.filter(assignment__item=first).count() == 15 * 2
    assert Event.objects.filter(verb="assigned").count() == Assignment.objects.count()


def test_corrected_preview_is_respected(users, seed_text):
    preview = import_preview(text=seed_text)
    # The board moves the last item of section 3 into its own joint duty for Tỉnh đoàn.
    item = preview["sections"][2]["items"].pop()
    item["lead"], item["cooperating"] = ["btv-tinhdoan"], ["dd-mttq"]
    preview["sections"][3]["items"].append(item)
    directive = import_create(preview=preview, actor=users["danvan"], text=seed_text)
    moved = directive.items.get(order=14)
    assert moved.assignment_mode == "joint"
    assert moved.assignments.get(role="lead").unit.code == "btv-tinhdoan"
    assert moved.assignments.get(role="cooperating").unit.code == "dd-mttq"


def test_duplicate_and_bad_previews_are_refused(users, seed_text):
    preview = import_preview(text=seed_text)
    import_create(preview=preview, actor=users["danvan"], text=seed_text)
    with pytest.raises(DomainError) as exc:
        import_create(preview=preview, actor=users["danvan"], text=seed_text)
    assert exc.value.field == "directive.number"
    preview["directive"]["number"] = "07-CT/TU"
    preview["sections"][0]["items"][0]["lead"] = ["no-such-unit"]
    with pytest.raises(DomainError) as exc:
        import_create(preview=preview, actor=users["danvan"], text=seed_text)
    assert exc.value.field == "sections[0].items[0].lead"
    assert Directive.objects.count() == 1  # nothing half-created


def test_only_the_supervising_board_imports(users, seed_text):
    preview = import_preview(text=seed_text)
    with pytest.raises(NotAllowed):
        import_create(preview=preview, actor=users["thanhuy"], text=seed_text)


def test_old_names_resolve_to_successors(users, seed_text):
    from assignments.services import unit_merge

    merged = Unit.objects.create(code="btgdv-tu", name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                                 kind="advisory_board")
    unit_merge(unit=Unit.objects.get(code="bdv-tu"), successor=merged, actor=users["admin"],
               on=dt.date(2025, 3, 1))
    preview = import_preview(text=seed_text.replace("07/9/2021", "07/9/2025"))
    assert preview["directive"]["supervisor_units"] == ["btgdv-tu"]


@pytest.mark.parametrize("text, code", [("", "empty"), ("   \n ", "empty"),
                                         ("Chỉ là một dòng chữ không có nhiệm vụ.", "no_items")])
def test_bad_text_is_a_clear_error(users, text, code):
    with pytest.raises(ImportInputError) as exc:
        import_preview(text=text)
    assert exc.value.code == code


def test_import_command_dry_run_and_create(users, capsys):
    call_command("import_directive", str(SEED), "--dry-run")
    out = capsys.readouterr().out
    assert "06-CT/TU" in out and "4 sections, 14 items" in out
    assert not Directive.objects.exists()
    call_command("import_directive", str(SEED), "--as", "danvan", "--publish")
    assert Directive.objects.get().status == "active"
    with pytest.raises(CommandError):
        call_command("import_directive", "/nonexistent.txt")
