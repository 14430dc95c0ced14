"""One spelling of a day at every door: the API, the public pages, the admin's filters and the import
refuse the same values (blocs.dates.parse_day), each in its own manner (a 400, a message and today, a row
error)."""

from datetime import date

import pytest

from blocs.dates import ParameterError, parse_day
from blocs.models import Organisation

pytestmark = pytest.mark.django_db

REFUSED = ["2024-1-5", "2024-13-01", "2024-02-30", "yesterday", "05/01/2024", "2024-01-05T00:00"]


@pytest.mark.parametrize("text", REFUSED)
def test_the_parser_refuses_what_is_no_day(text):
    with pytest.raises(ParameterError) as error:
        parse_day(text, "on")

    assert error.value.parameter == "on"
    assert "is not a date" in error.value.message


def test_the_parser_reads_a_day_and_nothing_as_none():
    assert parse_day(" 2024-01-05 ") == date(2024, 1, 5)
    assert parse_day("") is None
    assert parse_day(None) is None


@pytest.mark.parametrize("text", REFUSED)
def test_the_api_refuses_it(client, brics, text):
    response = client.get("/api/v1/organisations/brics/members/", {"on": text})

    assert response.status_code == 400
    assert "is not a date" in response.json()["on"][0]


@pytest.mark.parametrize("text", REFUSED)
def test_the_public_page_says_so_and_shows_today(client, brics, text):
    content = client.get("/organisations/brics/", {"on": text}).content.decode()

    assert "is not a date" in content
    assert "Showing today instead." in content


@pytest.mark.parametrize("text", REFUSED)
def test_the_admin_filter_says_so(editor_client, brics, text):
    content = editor_client.get("/admin/blocs/membership/", {"active_on": text}).content.decode()

    assert "is not a date" in content


@pytest.mark.parametrize("text", REFUSED)
def test_the_import_widget_refuses_it(text):
    from blocs.admin.resources import IsoDateWidget

    with pytest.raises(ValueError, match="is not a date"):
        IsoDateWidget().clean(text)


def test_the_doors_agree_on_a_good_day(client, editor_client, brics):
    from blocs.admin.resources import IsoDateWidget

    assert client.get("/api/v1/organisations/brics/members/", {"on": "2024-01-05"}).status_code == 200
    assert "is not a date" not in client.get("/organisations/brics/", {"on": "2024-01-05"}).content.decode()
    assert IsoDateWidget().clean("2024-01-05") == date(2024, 1, 5)
    assert Organisation.objects.filter(slug="brics").exists()
