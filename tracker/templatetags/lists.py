"""Template tags of the list pages: sortable column headers and the pager's links."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def sort_th(listing, key: str, label: str, css: str = ""):
    """A column header that sorts the list by `key` (again: the other way), with aria-sort."""
    current = listing.sort
    if current == key:
        state, target, arrow = "ascending", f"-{key}", "▲"
    elif current == f"-{key}":
        state, target, arrow = "descending", key, "▼"
    else:
        state, target, arrow = None, key, ""
    href = "?" + listing.with_params(sort=target, page=None)
    hint = _("Sắp xếp theo %(col)s") % {"col": label}
    if state:
        return format_html('<th scope="col" class="{}" aria-sort="{}"><a href="{}" title="{}">'
                           '{} <span aria-hidden="true">{}</span></a></th>',
                           css, state, href, hint, label, arrow)
    return format_html('<th scope="col" class="{}"><a href="{}" title="{}">{}</a></th>',
                       css, href, hint, label)


@register.simple_tag
def page_href(listing, number) -> str:
    return "?" + listing.with_params(page=str(number))


@register.filter
def sort_query(listing, key: str) -> str:
    """The list's query string sorted by `key` (first page)."""
    return listing.with_params(sort=key, page=None)


@register.filter
def days_since(moment, day) -> int | str:
    """Whole local days from `moment` (a datetime) to `day`: how long a report waited."""
    from tracker.timeutil import local_date

    if not moment or not day:
        return ""
    return max((day - local_date(moment)).days, 0)
