"""One pattern for every list: search, sort by a whitelisted column, paginate."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

PER_PAGE = 25


@dataclass
class Column:
    key: str
    label: Any
    order_by: str | None = None  # None: not sortable


@dataclass
class ListPage:
    page: Page[Any]
    columns: list[Column]
    sort: str
    descending: bool
    query: str
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)


def sorted_page(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    columns: list[Column],
    default_sort: str,
    search_fields: tuple[str, ...] = (),
    per_page: int = PER_PAGE,
) -> ListPage:
    """Sort on a known column only (anything else falls back to the default) and paginate.

    Bad page numbers give the nearest valid page rather than an error: a bookmarked link to
    page 9 of a list that shrank should still open.
    """
    # NUL cannot reach PostgreSQL in a string literal; nobody means to search for it.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query and search_fields:
        condition = Q()
        for name in search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    requested = request.GET.get("sort", default_sort)
    descending = requested.startswith("-")
    key = requested.lstrip("-")
    by_key = {c.key: c for c in columns if c.order_by}
    if key not in by_key:
        descending = default_sort.startswith("-")
        key = default_sort.lstrip("-")
    order = by_key[key].order_by or key
    prefix = "-" if descending else ""
    queryset = queryset.order_by(f"{prefix}{order}", f"{prefix}pk")
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return ListPage(
        page=page,
        columns=columns,
        sort=key,
        descending=descending,
        query=query,
    )
