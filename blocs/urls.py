from django.urls import path
from django.views.generic import TemplateView

app_name = "blocs"

urlpatterns = [
    path("", TemplateView.as_view(template_name="blocs/home.html"), name="home"),
    path(
        "organisations/<slug:slug>/",
        TemplateView.as_view(template_name="blocs/home.html"),
        name="organisation",
    ),
    path("members/<str:code>/", TemplateView.as_view(template_name="blocs/home.html"), name="member"),
]
