"""A progress bar for long imports and exports, shown only when a person watches a terminal."""

import sys


def with_progress(iterable, description: str, total: int | None = None):
    if not sys.stdout.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=description, total=total, unit=" rows", leave=False)
