"""Errors on the public pages: a 404 and a 500 in the site's style, never a stack trace."""

import pytest
from django.test import Client

from blocs import views

pytestmark = pytest.mark.django_db


class TestNotFound:
    @pytest.mark.parametrize("url", ["/organisations/atlantis/", "/members/ATL/", "/no/such/page/"])
    def test_is_a_404_page_in_the_sites_style(self, client, url):
        response = client.get(url)

        assert response.status_code == 404
        html = response.content.decode()
        assert "There is no such page" in html
        assert 'class="site-header"' in html
        assert "/static/blocs/site.css" in html


class TestServerError:
    def test_is_a_500_page_in_the_sites_style_without_a_stack_trace(self, monkeypatch, bloc):
        def broken(*args, **kwargs):
            raise RuntimeError("secret detail of the failure")

        monkeypatch.setattr(views.charts, "timeline", broken)
        client = Client(raise_request_exception=False)

        response = client.get(bloc.get_absolute_url())

        assert response.status_code == 500
        html = response.content.decode()
        assert "Something went wrong on our side" in html
        assert "/static/blocs/site.css" in html
        assert "Traceback" not in html
        assert "secret detail" not in html
        assert "RuntimeError" not in html
