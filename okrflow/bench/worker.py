"""One measured step in its own process (so that peak memory is the step's own):
`python -m okrflow.bench.worker import|export|export-scored|score-floor|personas PATH [COUNT]`.
Prints one JSON line."""

import json
import resource
import sys
import time


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's peak resident memory.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(step: str, path: str, count: str = "200") -> None:
    import django

    django.setup()
    from django.db import connection

    from okrflow.actors import SYSTEM
    from okrflow.bench import floors, personas
    from okrflow.interchange.export import export_folder
    from okrflow.interchange.loader import import_folder
    from okrflow.org.models import Organization

    started = time.perf_counter()
    if step == "import":
        result = import_folder(path, actor=SYSTEM)
        detail = {"created": result.created, "unchanged": result.unchanged}
    elif step == "export":
        detail = {"rows": export_folder(Organization.objects.get(), path)}
    elif step == "export-scored":  # only the files that carry scores
        scored = ["objectives", "key_results"]
        detail = {"rows": export_folder(Organization.objects.get(), path, files=scored)}
    elif step == "score-floor":
        seconds, rows = floors.score_query(connection)
        print(json.dumps({"seconds": seconds, "rows": rows}))
        return
    elif step == "company-board":  # the home page's job, run once before the reads
        from okrflow.cycles.models import Cycle
        from okrflow.web.views.home_boards import refresh_company_board

        detail = {"cycles": [refresh_company_board(pk) for pk in Cycle.objects.values_list("pk", flat=True)]}
    elif step == "personas":
        print(json.dumps({"personas": personas.prepare(int(count))}))
        return
    else:
        raise SystemExit(f"unknown step {step!r}")
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), **detail}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
