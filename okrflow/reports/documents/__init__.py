"""The documents, one module each; importing this package registers them all (apps.ready)."""
