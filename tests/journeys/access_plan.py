"""Who may open this part's pages (see tests/access_matrix.py)."""

from tests.access_matrix_rows import Row

ROWS: list[Row] = []
