"""One measured step in its own process (so that peak memory is the step's own):
`python -m okrflow.bench.worker import|export|export-scored PATH`. Prints one JSON line."""

import json
import resource
import sys
import time


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's peak resident memory.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(step: str, path: str) -> None:
    import django

    django.setup()
    from okrflow.interchange.export import export_folder
    from okrflow.interchange.loader import import_folder
    from okrflow.org.models import Organization

    started = time.perf_counter()
    if step == "import":
        result = import_folder(path)
        detail = {"created": result.created, "unchanged": result.unchanged}
    elif step == "export":
        detail = {"rows": export_folder(Organization.objects.get(), path)}
    else:  # only the files that carry scores
        scored = ["objectives", "key_results"]
        detail = {"rows": export_folder(Organization.objects.get(), path, files=scored)}
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), **detail}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
