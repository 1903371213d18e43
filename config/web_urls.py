"""The server-rendered pages: one `web` namespace (reverse("web:dashboard") etc.) made
of each app's own pages. Each app's patterns name only its own views; the paths do not
overlap, so their order here does not matter."""

from assignments.web_urls import urlpatterns as assignment_pages
from directives.web_urls import urlpatterns as directive_pages
from reports.web_urls import urlpatterns as report_pages
from tracker.web_urls import urlpatterns as shell_pages

app_name = "web"

urlpatterns = [*shell_pages, *directive_pages, *assignment_pages, *report_pages]
