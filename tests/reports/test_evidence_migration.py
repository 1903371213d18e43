"""Upgrading keeps every evidence file shown where it was: the migration that brings the
per-version links links each existing file to the report it was uploaded with."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assignments.models import ReportObligation
from reports import services
from reports.models import Evidence, ProgressReport, ReportEvidence
from tests.conftest import travel
from tests.evidence_files import genuine_pdf, genuine_png

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reports", "0004_scope_columns")]
AFTER = [("reports", "0005_evidence_by_version")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_evidence_is_linked_to_its_report(published):
    w = published
    obligation = ReportObligation.objects.filter(
        assignment__unit=w.district_a, assignment__item=w.continuous).order_by("due_on").first()
    with travel("2021-12-10"):
        report = services.report_create(obligation=obligation, author=w.reporter_a,
                                        results_text="Đã quán triệt.")
        for name, content in (("bien-ban.pdf", genuine_pdf()), ("anh.png", genuine_png())):
            services.evidence_add(report=report, actor=w.reporter_a,
                                  upload=SimpleUploadedFile(name, content))
    files = set(Evidence.objects.values_list("pk", flat=True))
    try:
        _migrate(BEFORE)  # the link table goes; the files stay
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        assert set(old.get_model("reports", "Evidence").objects.values_list(
            "pk", flat=True)) == files
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert set(ReportEvidence.objects.values_list("report_id", "evidence_id")) == {
        (report.pk, pk) for pk in files}
    report = ProgressReport.objects.get(pk=report.pk)
    assert sorted(e.original_name for e in report.evidence.all()) == ["anh.png", "bien-ban.pdf"]
