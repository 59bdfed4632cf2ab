"""The shape of the code, checked: every page is public or covered by the access matrix."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.access_matrix import PUBLIC, PUBLIC_MODULE_PREFIXES, ROWS


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else None, pattern.callback


def test_every_url_is_public_or_covered_by_a_policy_test():
    covered = {row.name for row in ROWS}
    uncovered = []
    for name, view in _walk(get_resolver().url_patterns):
        module = getattr(view, "__module__", "")
        if module.startswith(PUBLIC_MODULE_PREFIXES) or module.startswith(
            "django.contrib.staticfiles"
        ):
            continue
        if name is None or (name not in PUBLIC and name not in covered):
            uncovered.append(f"{name or '(unnamed)'} -> {module}.{getattr(view, '__name__', view)}")
    assert not uncovered, "Views neither public nor in tests/access_matrix.py:\n" + "\n".join(
        uncovered
    )


def test_every_row_of_the_matrix_tests_both_sides():
    # Pages every logged-in person may open (their own account, the list of the journeys they
    # take part in) have no "may not" side.
    everyone = {"accounts:me", "journeys:list"}
    one_sided = [
        row.name
        for row in ROWS
        if not (row.allowed or row.denied) or (not row.denied and row.name not in everyone)
    ]
    assert not one_sided


def test_the_access_matrix_names_only_existing_urls():
    names = {name for name, _view in _walk(get_resolver().url_patterns) if name}
    assert {row.name for row in ROWS} <= names
