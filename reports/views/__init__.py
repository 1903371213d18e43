"""The reports' pages: what is reported and how it is reviewed, and the overviews built
from the reports (the dashboard, a directive's summary, the compliance matrix)."""
