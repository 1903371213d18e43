"""Length caps of user-written text, shared by the API serializers and the web forms.

A web form and the API accept the same text: the same cap on the same field."""

# A report part or summary, a directive's full text.
TEXT_MAX_LENGTH = 100_000
# A responsibility item's content.
ITEM_CONTENT_MAX_LENGTH = 20_000
# A reviewer's comment on a report.
COMMENT_MAX_LENGTH = 10_000
# A reason or a note (extension requests and decisions, withdrawals).
NOTE_MAX_LENGTH = 4_000
