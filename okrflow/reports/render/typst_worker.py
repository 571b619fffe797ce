"""A child process that compiles the pieces of a big PDF (okrflow/reports/render/pdf.py), one after
another: Typst keeps what it laid out in a process-wide cache that the `typst` package never empties
(some 25 MB per 1,000 table rows), so the pieces are compiled here and this process is replaced
when its peak memory passes a bound — the report's process stays small whatever the document's size.

Run as a script (`python typst_worker.py FONT_DIR…`), it imports neither Django nor okrflow. One
request per line on stdin, a JSON object {"main": source path, "target": PDF path, "root": folder,
"query": label or ""}; one answer per line on stdout: {"ok": true, "marks": [values of the metadata
labelled `query`], "rss": peak kB} or {"ok": false, "error": message}.
"""

import json
import resource
import sys

import typst


def main(font_dirs) -> None:
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(font_dirs))
    for line in sys.stdin:
        request = json.loads(line)
        try:
            typst.compile(request["main"], output=request["target"], root=request["root"],
                          font_paths=fonts, ignore_system_fonts=True)
            marks = []
            if request.get("query"):
                found = typst.query(request["main"], f"<{request['query']}>", field="value",
                                    root=request["root"], font_paths=fonts, ignore_system_fonts=True)
                marks = json.loads(found)
            answer = {"ok": True, "marks": marks, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        except Exception as error:  # noqa: BLE001 — the parent raises it with the message
            answer = {"ok": False, "error": str(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
