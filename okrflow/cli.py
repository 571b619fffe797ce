"""The `okrflow` command: every Django management command plus okrflow's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrflow.settings")
    from django.core.management import execute_from_command_line

    argv = ["okrflow", *sys.argv[1:]]
    if len(argv) == 1:
        argv.append("help")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
