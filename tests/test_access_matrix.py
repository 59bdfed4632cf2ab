import pytest
from django.test import Client
from django.urls import reverse

from tests.access_matrix import ROWS, Row, person

pytestmark = pytest.mark.django_db


def _url(row: Row, cast) -> str:
    return reverse(row.name, kwargs=row.kwargs(cast) if row.kwargs else None)


def _cases():
    for row in ROWS:
        for who in row.allowed:
            yield pytest.param(row, who, row.allowed_status, id=f"{row.name}-{who}-may")
        for who, status in row.denied.items():
            yield pytest.param(row, who, status, id=f"{row.name}-{who}-may-not")


@pytest.mark.parametrize(("row", "who", "expected"), list(_cases()))
def test_access(cast, row, who, expected):
    url = _url(row, cast)
    client = Client()
    client.force_login(person(cast, who))
    response = getattr(client, row.method)(url)
    assert response.status_code == expected, f"{who} {row.method.upper()} {url}"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_log_in(cast, row):
    response = getattr(Client(), row.method)(_url(row, cast))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
