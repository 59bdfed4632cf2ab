#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenhier.settings")
    if sys.argv[1:2] == ["demo"]:
        # Settings read this before any command runs: it shows the demo banner and relaxes MFA.
        os.environ.setdefault("SAMENHIER_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
