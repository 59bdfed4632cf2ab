"""Access rows of the evaluation pages: report."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
