"""One label per figure a leader sees (translatable; Vietnamese first).

A status's label is its enum label (ObligationStatus / AssignmentStatus); the figures
that are not a single status have theirs here. Pages, exports and documents take the
labels from here or from the enums, never spell them again.
"""

from django.utils.translation import gettext_lazy as _

from ..models import AssignmentStatus, ObligationStatus

OBLIGATION_LABELS = dict(ObligationStatus.choices)
ASSIGNMENT_LABELS = dict(AssignmentStatus.choices)

# rule.obligation_is_overdue: not handed in (or returned) past the due date. The
# status "overdue" alone is ObligationStatus.OVERDUE's label, "Chưa nộp, quá hạn".
OVERDUE_LABEL = _("Quá hạn")


def obligation_label(status) -> str:
    """The status's label (an unknown value as it is)."""
    return str(OBLIGATION_LABELS.get(str(status), status))


def assignment_label(status) -> str:
    """The status's label (an unknown value as it is)."""
    return str(ASSIGNMENT_LABELS.get(str(status), status))
