from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("blocs.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", include("blocs.urls")),
]

# JSON errors under /api/, Django's pages elsewhere; never a stack trace.
handler400 = "blocs.views.bad_request"
handler404 = "blocs.views.page_not_found"
handler500 = "blocs.views.server_error"
