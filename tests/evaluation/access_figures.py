"""Access rows of the evaluation pages: figures."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
