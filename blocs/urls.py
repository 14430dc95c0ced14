from django.urls import path

from blocs import views

app_name = "blocs"

urlpatterns = [
    path("", views.home, name="home"),
    path("snapshot/", views.snapshot, name="snapshot"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("members/<str:code>/", views.member_detail, name="member"),
]
