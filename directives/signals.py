"""What the directives app announces to the apps above it.

Directives sit below assignments and reports and never import them; the apps that keep
rows derived from directives and items connect their receivers in `AppConfig.ready()`
(assignments: `assignments.receivers`). Every signal is sent inside the service's
transaction.
"""

from django.dispatch import Signal

# A directive went from draft to active. Arguments: directive, today (None: today).
# A receiver returns the number of report obligations it created.
directive_published = Signal()

# The board asks what publishing a draft directive would create, before publishing it.
# Arguments: directive, today, track_from (None: every period). A receiver returns an
# object with `as_dict()` (assignments: `assignments.publishing.PublishPreview`); nothing
# is written.
directive_publish_preview = Signal()

# An item was withdrawn. Arguments: item, moment, actor. A receiver ends the open work
# of the item and returns how many assignments it withdrew.
item_withdrawn = Signal()

# An item's section or deadline mode is about to change, which moves its rows between
# count keys. Arguments: item. A receiver returns a context manager wrapping the change.
item_regrouping = Signal()

# An imported item comes with the units its text names. Arguments: item, actor, today,
# lead_unit (the lead of a joint item, else None), units (the others, or all of them).
# The assignments app assigns them.
item_units_named = Signal()
