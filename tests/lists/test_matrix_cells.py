"""The compliance matrix's cells are written in one pass (`{% matrix_cells row period %}`):
the same cells (colour, shape and label) a per-cell template draws, for every row of the
demo's matrix."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from assignments.models import ReportingPeriod
from directives.models import Directive
from reports.selectors import compliance_matrix
from tests.conftest import travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db

# The cells as reports/directive_matrix.html drew them before, one template per cell.
PER_CELL = Template("""{% load i18n web assignments_web %}{% for cell in row.cells %}
      {% if not cell %}<td class="cell cell-none"></td>
      {% elif not cell.state %}<td class="cell cell-coop" title="{% if cell.role == 'cooperating' %}{% translate 'Phối hợp' %}{% else %}{% translate 'Không có báo cáo trong kỳ này' %}{% endif %}">{% if cell.role == 'cooperating' %}<span>{% translate "PH" %}</span>{% else %}·{% endif %}</td>
      {% else %}{% matrix_cell_text row.unit cell.state period as label %}<td class="cell tone-{{ cell.state.status|tone }} st-{{ cell.state.status }}" title="{{ label }}">
        <a href="{% if cell.report %}{% url 'web:report-detail' cell.report %}{% else %}{% url 'web:obligation-detail' cell.obligation %}{% endif %}" aria-label="{{ label }}"><span aria-hidden="true">{% status_symbol cell.state.status %}{% if cell.state.days_overdue %}{{ cell.state.days_overdue }}{% endif %}</span></a></td>
      {% endif %}
    {% endfor %}""")  # noqa: E501
ONE_PASS = Template("{% load assignments_web %}{% matrix_cells row period %}")


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_one_pass_cells_are_the_per_cell_templates_cells(demo):
    user = get_user_model().objects.get(username="danvan")
    directive = Directive.objects.filter(status=Directive.Status.ACTIVE).order_by("pk").first()
    periods = ReportingPeriod.objects.filter(obligations__assignment__item__directive=directive
                                             ).distinct().order_by("due_on")
    seen = set()
    with travel(DEMO_DAY, 10):
        for period in list(periods)[:4]:
            matrix = compliance_matrix(directive=directive, period=period, day=DEMO_DAY,
                                       user=user)
            for row in matrix["rows"]:
                context = Context({"row": row, "period": period})
                assert _squeeze(ONE_PASS.render(context)) == _squeeze(PER_CELL.render(context))
                seen |= {c["state"].status for c in row["cells"] if c and c.get("state")}
    assert len(seen) >= 3  # several statuses compared, not only one kind of cell
