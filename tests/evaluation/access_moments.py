"""Access rows of the evaluation pages: moments."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
