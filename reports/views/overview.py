"""The overviews: the leaders' dashboard, a directive's page with its summary and
breakdown, the compliance matrix (units × items for a period)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from assignments.selectors import default_period, directive_breakdown, matrix_periods
from directives.models import Directive
from directives.selectors import directives_for
from tracker import policy
from tracker.selectors import unit_group_choices
from tracker.timeutil import today
from tracker.views.common import as_of, chosen_in, require_role

from ..consolidated import report_issue_day
from ..selectors import compliance_matrix, leader_overview
from ..summaries import directive_summary


@login_required
def directive_detail(request, pk: int):
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    day, as_of_form, valid = as_of(request)
    sections, loose = directive_breakdown(directive=directive, day=day, user=request.user)
    summary = directive_summary(directive=directive, day=day, user=request.user)
    may_edit = policy.can_review(request.user, directive)
    return render(request, "reports/directive_detail.html", {
        "directive": directive, "sections": sections, "loose_items": loose,
        "summary": summary, "day": day, "as_of_form": as_of_form,
        "issue_day": report_issue_day(day=day, issued_on=None),
        "may_edit": may_edit and directive.status != Directive.Status.CLOSED,
        "is_draft": directive.status == Directive.Status.DRAFT,
    }, status=200 if valid else 400)


@login_required
def directive_matrix(request, pk: int):
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    day, as_of_form, valid = as_of(request)
    periods = matrix_periods(directive)
    chosen, period_valid = chosen_in(request, "period", periods)
    groups = list(unit_group_choices())
    group, group_valid = chosen_in(request, "group", groups)
    valid = valid and period_valid and group_valid
    chosen = chosen or default_period(periods, day)
    matrix = compliance_matrix(directive=directive, period=chosen, day=day, user=request.user,
                               group=group)
    return render(request, "reports/directive_matrix.html", {
        "directive": directive, "periods": periods, "period": chosen, "matrix": matrix,
        "groups": groups, "group": group,
        "day": day, "as_of_form": as_of_form,
        "matrix_as_of": f"&as_of={day:%d/%m/%Y}" if day != today() else "",
        # The column headers open the item's list of this group's units only.
        "matrix_group": f"&unit_group={group.pk}" if group is not None else "",
        "may_remind": policy.can_review(request.user, directive),
    }, status=200 if valid else 400)


@login_required
def dashboard_view(request):
    require_role(request, board=True, leader=True)
    day, as_of_form, valid = as_of(request)
    data = leader_overview(user=request.user, day=day,
                           units_page=request.GET.get("units_page", 1),
                           units_order=request.GET.get("units_order", "org"),
                           directives_page=request.GET.get("directives_page", 1))
    return render(request, "reports/dashboard.html", {"data": data, "day": day,
                                                  "as_of_form": as_of_form},
                  status=200 if valid else 400)
