"""The docs page (/api/docs/) is served from the project, and the browsable API works when logged in."""

import re
from datetime import date

import pytest
from django.test import Client

from tests.factories import spell


@pytest.mark.django_db
class TestDocsPage:
    def test_renders_swagger_ui_from_this_site_only(self, client: Client):
        response = client.get("/api/docs/")

        html = response.content.decode()
        assert response.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(source.startswith("/") for source in sources), sources
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources

    def test_has_no_inline_script_or_style(self, client: Client):
        html = client.get("/api/docs/").content.decode()

        assert "<style" not in html
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []

    def test_every_asset_it_names_is_served(self, client: Client):
        html = client.get("/api/docs/").content.decode()

        for source in re.findall(r'(?:src|href)="([^"]+)"', html):
            response = client.get(source)
            assert response.status_code == 200, source
            b"".join(response.streaming_content) if response.streaming else response.content

    def test_its_script_points_at_the_local_schema(self, client: Client):
        script = client.get("/api/docs/?script=").content.decode()

        assert 'url: "/api/schema/"' in script


@pytest.mark.django_db
class TestBrowsableApi:
    def test_renders_a_list_for_a_logged_in_user(self, client: Client, editor, bloc, india):
        spell(bloc, india, date(2017, 6, 9))
        client.force_login(editor)

        response = client.get("/api/v1/organisations/bloc/members/", HTTP_ACCEPT="text/html")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "India" in response.content.decode()
        assert "editor" in response.content.decode()

    def test_offers_an_editor_the_form_to_record_a_spell(self, client: Client, editor, bloc):
        client.force_login(editor)

        html = client.get("/api/v1/memberships/", HTTP_ACCEPT="text/html").content.decode()

        assert 'id="post-generic-content-form"' in html

    def test_renders_the_api_root(self, client: Client, editor):
        client.force_login(editor)

        response = client.get("/api/v1/", HTTP_ACCEPT="text/html")

        assert response.status_code == 200
        assert "/api/v1/organisations/" in response.content.decode()
