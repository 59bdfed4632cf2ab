"""Access rows of the evaluation pages: questionnaires."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
