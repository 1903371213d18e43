"""Vietnamese number form on top of Django's own `vi` formats: 746.300; 75,5.

Django's `vi` locale sets the separators but no grouping, so `floatformat:"0g"` and
`intcomma` printed 746300. Anything not set here comes from Django's `vi` formats."""

NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
