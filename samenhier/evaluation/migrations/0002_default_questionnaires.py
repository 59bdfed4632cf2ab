"""The programme's own questionnaires (evaluation.defaults), version 1 published."""

from typing import Any

from django.db import migrations

from samenhier.evaluation.defaults import remove_defaults, seed_defaults


def seed(apps: Any, schema_editor: Any) -> None:
    seed_defaults(apps)


def unseed(apps: Any, schema_editor: Any) -> None:
    remove_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
