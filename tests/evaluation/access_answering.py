"""Access rows of the evaluation pages: answering."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
