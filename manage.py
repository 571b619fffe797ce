#!/usr/bin/env python
"""Django's manage.py; `okrflow` (the installed console script) does the same."""

from okrflow.cli import main

if __name__ == "__main__":
    main()
