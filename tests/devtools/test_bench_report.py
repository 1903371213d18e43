"""The bench's verdict on a list page: 100 ms p50, and the same number of queries on
page 1 and page 50, each miss named."""

from devtools.bench.measure import Auth, Operation
from devtools.bench.report import verdict

AUTH = Auth(user_id=1, headers={})


def _pair(first: dict, fiftieth: dict) -> dict[str, Operation]:
    ops = [Operation("p_1", "p, page 1", "/p/", AUTH, "listpage", pair="p_50",
                     result={"errors": 0, **first}),
           Operation("p_50", "p, page 50", "/p/?page=50", AUTH, "listpage", pair="p_1",
                     result={"errors": 0, **fiftieth})]
    return {op.key: op for op in ops}


def test_a_fast_page_with_the_same_queries_is_met():
    ops = _pair({"median_ms": 40.0, "queries": 9}, {"median_ms": 60.0, "queries": 9})
    assert verdict(ops["p_1"], ops) == "met (queries p.1/p.50 same)"


def test_a_slow_page_and_differing_queries_are_both_named():
    ops = _pair({"median_ms": 140.0, "queries": 9}, {"median_ms": 60.0, "queries": 11})
    assert verdict(ops["p_1"], ops) == "not met (> 100 ms, queries p.1/p.50 differ)"
    assert verdict(ops["p_50"], ops) == "not met (queries p.1/p.50 differ)"


def test_a_single_page_is_held_to_100_ms():
    page = Operation("dash", "dashboard page", "/tong-quan/", AUTH, "onepage",
                     result={"errors": 0, "median_ms": 250.0, "queries": 17})
    assert verdict(page, {"dash": page}) == "not met (> 100 ms)"
    page.result["median_ms"] = 80.0
    assert verdict(page, {"dash": page}) == "met"
