"""The documents, one module each; importing this package registers them all (apps.ready)."""

from okrflow.reports.documents import book, cards, diagram, kr_actions, review, summary  # noqa: F401
