"""The scale benchmark of issue 3 (`make bench`, i.e. `python -m okrflow.bench [--scale F]`).

Not a test: it generates a 10,000-person company in the interchange format into bench-data/,
measures import, export and API reads beside plain-SQLite floors from the same run, and
writes the figures to docs/benchmarks.md.
"""
