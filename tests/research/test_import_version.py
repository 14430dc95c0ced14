"""The COW import counts as a write: the data version, the ETags and the cached answers change with it.

Its own module: the slice must not be imported already (as `cow_slice` leaves it for a whole module)."""

import pytest

from blocs import versions
from blocs.bootstrap import LoadReport, seed_members
from blocs.research.cow_import import import_cow_igo
from tests.research.conftest import NOW, STATE_YEAR_SLICE


@pytest.mark.django_db
class TestImportCountsAsAWrite:
    """A bulk write sends no signals: the import bumps the data version itself, so the API's ETags and
    cached answers change with it."""

    def test_an_import_changes_the_version_the_etag_and_the_cached_answer(self, client):
        seed_members(LoadReport())
        before = versions.current().number
        first = client.get("/api/v1/organisations/")
        assert client.get("/api/v1/organisations/")["ETag"] == first["ETag"]  # answered from the cache

        import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        after = client.get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert versions.current().number > before
        assert after.status_code == 200
        assert after["ETag"] != first["ETag"]
        assert "cow-un" in {row["slug"] for row in after.json()}

    def test_an_import_that_writes_nothing_leaves_the_version(self, cow_slice):
        before = versions.current().number

        import_cow_igo(STATE_YEAR_SLICE, now=NOW, progress=False)

        assert versions.current().number == before
