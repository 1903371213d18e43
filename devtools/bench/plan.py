"""The operations measured, with their URLs, users and floors."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from tracker import policy
from tracker.models import Membership
from tracker.selectors import unit_tree_ids

from . import floors
from .generator import Dataset
from .measure import Auth, Operation, session_auth, token_auth

PAST_DAYS = 180


def build_operations(data: Dataset) -> tuple[list[Operation], list[Auth]]:
    User = get_user_model()
    day = data.today
    past = day - dt.timedelta(days=PAST_DAYS)
    reviewer = token_auth(data.reviewer, data.tokens[data.reviewer])
    leader = token_auth(data.leader, data.tokens[data.leader])
    reporter = token_auth(data.reporter, data.tokens[data.reporter])
    reporter_user = User.objects.get(pk=data.reporter)
    session = session_auth(reporter_user)
    boards = sorted(Membership.objects.filter(user_id=data.reviewer,
                                              role=Membership.Role.REVIEWER)
                    .values_list("unit_id", flat=True))
    own = sorted(policy.unit_ids(reporter_user, *policy.UNIT_ROLES))
    tree = sorted(unit_tree_ids(data.province_unit))
    d = data.summary_directive
    ops = [
        Operation("summary_today", f"directive summary ({data.summary_assignments} "
                  "assignments), today", f"/api/v1/directives/{d}/summary/", reviewer,
                  "summary", floors.summary_sql(d, day, boards, stored=True)),
        Operation("summary_past", f"directive summary, as of {past:%d/%m/%Y}",
                  f"/api/v1/directives/{d}/summary/?as_of={past.isoformat()}", reviewer,
                  "summary", floors.summary_sql(d, past, boards)),
        Operation("dashboard", "leaders' dashboard (everything)", "/api/v1/dashboard/",
                  leader, "dashboard", floors.dashboard_sql(day, stored=True)),
    ]
    def page(sql, **fixed):
        """The floor of one list for a page of n rows."""
        return lambda n: sql(limit=n, **fixed)

    board = {"boards": boards, "units": []}
    lists = [
        ("assignments_tree", "assignments, unit tree (board)",
         "/api/v1/assignments/?unit_tree={tree}",
         page(floors.assignment_page_sql, day=day, tree=tree, **board)),
        ("assignments_overdue", "assignments, status overdue (board)",
         "/api/v1/assignments/?status=in_progress_overdue",
         page(floors.assignment_page_sql, day=day, status="in_progress_overdue", **board)),
        ("obligations_tree", "obligations, unit tree (board)",
         "/api/v1/obligations/?unit_tree={tree}",
         page(floors.obligation_page_sql, day=day, tree=tree, **board)),
        ("obligations_status", "obligations, status=overdue (board)",
         "/api/v1/obligations/?status=overdue",
         page(floors.obligation_page_sql, day=day, status="overdue", **board)),
        ("obligations_late", "obligations, overdue=true (board)",
         "/api/v1/obligations/?overdue=true",
         page(floors.obligation_page_sql, day=day, overdue=True, **board)),
        ("reports_tree", "reports, unit tree (board)", "/api/v1/reports/?unit_tree={tree}",
         page(floors.report_page_sql, tree=tree, **board)),
        ("reports_waiting", "reports, status=submitted (board)",
         "/api/v1/reports/?status=submitted",
         page(floors.report_page_sql, status="submitted", **board)),
        ("obligations_unit", "obligations of one unit (reporter)",
         "/api/v1/obligations/?unit={unit}",
         page(floors.obligation_page_sql, day=day, boards=[], units=own,
              unit=data.reporter_unit)),
    ]
    for key, label, url, floor in lists:
        auth = reporter if key == "obligations_unit" else reviewer
        path = url.format(tree=data.province_unit, unit=data.reporter_unit)
        sep = "&" if "?" in path else "?"
        for size in (25, 100):
            ops.append(Operation(f"{key}_{size}", f"{label}, {size} rows",
                                 f"{path}{sep}page_size={size}", auth, f"list{size}",
                                 floor(size), pair=f"{key}_{100 if size == 25 else 25}"))
    ops.append(Operation("my_work", "unit's \"what is due\" page /viec-cua-toi/",
                         "/viec-cua-toi/", session, "page",
                         floors.my_work_sql(day=day, unit_ids=own)))
    board_session = session_auth(User.objects.get(pk=data.reviewer))
    leader_session = session_auth(User.objects.get(pk=data.leader))
    # The list pages (issue 16): filtered, sorted, paged in the URL; page 1 and page 50
    # must read the same number of queries (each op's pair).
    d_listed = data.summary_directive
    pages = [
        ("page_obligation_list", "report-request list /yeu-cau-bao-cao/ (board)",
         "/yeu-cau-bao-cao/", board_session),
        ("page_obligations", "overdue list, /yeu-cau-bao-cao/?overdue=true (board)",
         "/yeu-cau-bao-cao/?overdue=true", board_session),
        ("page_obligations_tree", "obligation list page, unit tree, by unit (board)",
         f"/yeu-cau-bao-cao/?unit_tree={data.province_unit}&sort=unit", board_session),
        # The dashboard's drill-down lists (reports.selectors.dashboard_drill): each tile,
        # a directive's bar and a unit's bar open the obligation list with these filters.
        ("page_drill_due", "drill-down: reports due (leader)",
         "/yeu-cau-bao-cao/?tracked=all&due=true", leader_session),
        ("page_drill_overdue", "drill-down: overdue (leader)",
         "/yeu-cau-bao-cao/?tracked=all&overdue=true", leader_session),
        ("page_drill_on_time", "drill-down: accepted on time (leader)",
         "/yeu-cau-bao-cao/?tracked=all&status=accepted_on_time", leader_session),
        ("page_drill_waiting", "drill-down: waiting for review (leader)",
         "/yeu-cau-bao-cao/?tracked=all&status=submitted", leader_session),
        ("page_drill_table", "drill-down: overdue table, listed (leader)",
         "/yeu-cau-bao-cao/?tracked=listed&overdue=true", leader_session),
        ("page_drill_directive", "drill-down: one directive's due (leader)",
         f"/yeu-cau-bao-cao/?directive={d_listed}&due=true", leader_session),
        ("page_drill_unit", "drill-down: one unit's due, listed (leader)",
         f"/yeu-cau-bao-cao/?tracked=listed&unit={data.reporter_unit}&due=true",
         leader_session),
        ("page_review_queue", "review queue page /tham-dinh/ (board)", "/tham-dinh/",
         board_session),
        ("page_directives", "directive list page /van-ban/ (board)", "/van-ban/",
         board_session),
        ("page_directives_q", "directive list page, search (board)", "/van-ban/?q=a",
         board_session),
        ("page_extensions", "extension requests page /gia-han/ (board)", "/gia-han/",
         board_session),
        ("page_history", "unit's history page \"Đã gửi\" /lich-su/ (reporter)", "/lich-su/",
         session),
    ]
    for key, label, path, auth in pages:
        sep = "&" if "?" in path else "?"
        ops.append(Operation(f"{key}_1", f"{label}, page 1", path, auth, "listpage",
                             pair=f"{key}_50"))
        ops.append(Operation(f"{key}_50", f"{label}, page 50", f"{path}{sep}page=50", auth,
                             "listpage", pair=f"{key}_1"))
    ops.append(Operation("page_matrix", f"compliance matrix /van-ban/{d_listed}/ma-tran/ "
                         "(board)", f"/van-ban/{d_listed}/ma-tran/", board_session, "onepage"))
    ops.append(Operation("page_dashboard", "leaders' dashboard page /tong-quan/",
                         "/tong-quan/", leader_session, "onepage"))
    return ops, [session, board_session, leader_session]
