"""/api/v1/: the paths of the design's "REST API, version 1" table."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from blocs.api import views
from blocs.api.downloads import DataPackageView, year_table_view
from blocs.research.year_tables import TABLES

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # formats are chosen with ?format= or Accept, as documented
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("members", views.MemberViewSet, basename="member")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("changes", views.ChangeFeedViewSet, basename="change")
router.register("comembership", views.ComembershipViewSet, basename="comembership")

urlpatterns = [
    *[path(f"exports/{table}.csv", year_table_view(table), name=f"export-{table}") for table in TABLES],
    *[
        path(
            f"exports/{table}.resource.json",
            year_table_view(table, descriptor=True),
            name=f"export-{table}-meta",
        )
        for table in TABLES
    ],
    path("exports/datapackage.zip", DataPackageView.as_view(), name="export-datapackage"),
    *router.urls,
]
