"""Development tools: the demo data and the benchmark (like Zulip's `zilencer`).

The top of the import graph: it may import every app, and no production app imports it
(the "production imports no development code" contract in pyproject.toml). Installed
everywhere so that `manage.py load_demo` and `manage.py bench` run on any settings.
"""
