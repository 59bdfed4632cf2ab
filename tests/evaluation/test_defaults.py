"""The programme's own questionnaires are what migration 0002 published as version 1."""

import hashlib
import json

import pytest

from samenhier.evaluation.defaults import DEFAULTS, seed_defaults
from samenhier.evaluation.models import Question, Questionnaire

# Migration 0002 seeds from defaults.py. Edited in place, the defaults would give a fresh
# database other questions than every database already running, under the same version 1:
# a changed questionnaire belongs in a new migration that publishes version 2.
PUBLISHED_AS_VERSION_1 = "052b456ab91d3b768d65d315f0c7df1d4c8be916679c99336c5c0376751e871d"


def test_the_defaults_are_still_what_version_1_published():
    text = json.dumps(DEFAULTS, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert digest == PUBLISHED_AS_VERSION_1, (
        "evaluation/defaults.py changed: publish the change as version 2 in a new migration"
    )


@pytest.mark.django_db
def test_the_migration_published_every_default_and_seeding_again_changes_nothing():
    assert set(Questionnaire.objects.values_list("audience", flat=True)) == set(DEFAULTS)
    assert Question.objects.count() == sum(len(questions) for _t, questions in DEFAULTS.values())
    assert seed_defaults() == 0
