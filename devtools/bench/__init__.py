"""`python manage.py bench`: a synthetic dataset at scale, measured over HTTP.

generator.py builds the dataset (namespace: unit codes `bench-…`, directive numbers
`BENCH-…`, usernames `bench-…`) with COPY on PostgreSQL and batched INSERTs on SQLite;
cleanup.py removes it; floors.py holds the hand-written SQL each figure is compared to;
measure.py times the operations against gunicorn; report.py prints the table and JSON.
"""
