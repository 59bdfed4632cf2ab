"""The access rows of the evaluation pages, one file per part."""

from tests.evaluation.access_answering import ROWS as ANSWERING
from tests.evaluation.access_figures import ROWS as FIGURES
from tests.evaluation.access_moments import ROWS as MOMENTS
from tests.evaluation.access_questionnaires import ROWS as QUESTIONNAIRES
from tests.evaluation.access_report import ROWS as REPORT

EVALUATION_ROWS = FIGURES + REPORT + MOMENTS + ANSWERING + QUESTIONNAIRES
