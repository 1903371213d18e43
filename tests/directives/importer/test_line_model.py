"""The labelled-corpus loader, the gold line tags, held-out scoring and the committed line model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directives.importer import parse_directive
from directives.importer.corpus import gold_tags, load_doc, load_docs
from directives.importer.crossval import fold_of, held_out, run_cv, score_sections
from directives.importer.linemodel import MODEL_PATH, Labeller, default_labeller
from directives.importer.train import prepare, train
from directives.importer.walker import read_text

DATA = Path(__file__).parent / "data"

TEXT = """CHỈ THỊ
Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Tài chính:
a) Rà soát nguồn vốn, báo cáo
trước ngày 30/6/2026.
b) Hướng dẫn các xã lập dự toán.

2. Sở Y tế chủ trì, phối hợp với các xã kiểm tra an toàn thực phẩm.
Nơi nhận:
- Như trên;
"""


def _labels(tmp: Path, **extra: object) -> Path:
    (tmp / "doc.txt").write_text(TEXT, encoding="utf-8")
    labels = {
        "source": "doc.txt",
        "shape": "pm_order",
        "sections": [
            {"line": 3, "addressee": "Sở Tài chính", "items": [{"line": 4}, {"line": 6}]},
            {"line": 8, "addressee": "Sở Y tế", "items": [{"line": 8}]},
        ],
        **extra,
    }
    path = tmp / "doc.labels.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    return path


def test_gold_tags_follow_the_breakdown(tmp_path: Path) -> None:
    doc = load_doc(_labels(tmp_path))
    reading = read_text(doc.text)
    tags = gold_tags(doc, reading.lines, reading.noise)
    assert tags[2:8] == ["SECTION", "ITEM", "ITEM_CONT", "ITEM", "OTHER", "SECTION_ITEM"]
    assert tags[8] == "OTHER"  # "Nơi nhận" right after a duty is not its continuation


def test_covered_lines_limit_what_is_scored(tmp_path: Path) -> None:
    doc = load_doc(_labels(tmp_path, partial=True, covered_lines=[1, 6]))
    assert doc.section_lines == [3] and [i["line"] for i in doc.items] == [4, 6]
    result = parse_directive(doc.text, labeller=None)
    score = score_sections(doc, result.sections)
    assert score.items.expected == 2
    assert all(doc.covers(line) for line in [1, 6]) and not doc.covers(8)


def test_a_missing_shared_corpus_is_counted_as_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.labels.json").write_text(
        json.dumps({"shared_source": "corpus/raw/none.txt", "sections": []}), encoding="utf-8"
    )
    monkeypatch.setenv("TRACKER_SHARED_DIR", str(tmp_path / "absent"))
    docs, skipped = load_docs([str(tmp_path)])
    assert docs == [] and skipped == 1
    assert "skipped 1 documents: shared corpus not found" in run_cv([str(tmp_path)])


def test_training_is_reproducible_and_held_out_scoring_uses_other_documents(
    tmp_path: Path,
) -> None:
    docs, _ = load_docs([str(DATA)])
    prepared = [prepare(d) for d in docs[:3]]
    train(prepared, tmp_path / "a.crfsuite")
    train(prepared, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    scores = held_out(prepared, folds=0)
    assert [s.doc.name for s in scores] == [d.name for d in docs[:3]]
    # Fitted on a document, the model finds its items; held out, it has to generalise.
    fitted = Labeller(tmp_path / "a.crfsuite").tag(prepared[0].reading)
    gold = prepared[0].gold
    assert sum(t == g for t, g in zip(fitted, gold, strict=True)) > 0.9 * len(gold)


def test_a_document_keeps_its_fold_when_the_corpus_grows() -> None:
    names = [f"{i:03d}_doc" for i in range(1, 60)]
    before = {n: fold_of(n, 10) for n in names}
    grown = sorted(names + ["000_first", "030a_inserted", "zz_last"])
    assert {n: fold_of(n, 10) for n in grown if n in before} == before
    assert len(set(before.values())) == 10  # the names spread over all the folds


def test_the_committed_model_is_small_and_used_by_default() -> None:
    assert MODEL_PATH.is_file() and MODEL_PATH.stat().st_size < 1_000_000
    assert default_labeller() is not None
    text = (DATA / "chi-thi-06-CT-TU-kon-tum.txt").read_text(encoding="utf-8")
    result = parse_directive(text)
    assert len(result.sections) == 4 and len(result.items) == 14


def test_a_wrapped_duty_is_one_item_with_its_deadline(tmp_path: Path) -> None:
    doc = load_doc(_labels(tmp_path))
    result = parse_directive(doc.text)
    assert [(s.line, [i.line for i in s.items]) for s in result.sections] == [(3, [4, 6]), (8, [8])]
    wrapped = result.items[0]
    assert wrapped.text.endswith("trước ngày 30/6/2026.")
    assert wrapped.deadline is not None and wrapped.deadline.isoformat() == "2026-06-30"
    rules = parse_directive(doc.text, labeller=None)
    assert 5 in {i.line for i in rules.items}  # the rules alone take the wrapped half for a duty


def test_the_evaluation_command_explains_itself_and_refuses_a_missing_folder(capsys):
    from directives.importer.evaluate import main

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0 and "--cv" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["no/such/folder"])
    assert done.value.code == 2 and "not found: no/such/folder" in capsys.readouterr().err


def test_a_duty_after_a_completion_line_is_kept_with_the_shipped_model() -> None:
    text = (
        "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 05-CT/TW\n\nII. NHIỆM VỤ CỤ THỂ\n"
        "1. Sở Nội vụ\n"
        "- Chủ trì tham mưu UBND tỉnh xây dựng kế hoạch sắp xếp đơn vị hành chính cấp xã.\n"
        "Thời gian hoàn thành: trước ngày 30/6/2026.\n"
        "- Hướng dẫn các huyện rà soát đội ngũ cán bộ, công chức cấp xã.\n"
        "Thời gian hoàn thành: Quý III/2026.\n"
        "Tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác tổ chức các xã.\n"
        "Thời gian hoàn thành: tháng 10/2026.\n"
    )
    preview = parse_directive(text).as_dict()
    items = [(i["line"], i["deadline"]) for s in preview["sections"] for i in s["items"]]
    assert items == [(6, "2026-06-30"), (8, "2026-09-30"), (10, "2026-10-31")]
