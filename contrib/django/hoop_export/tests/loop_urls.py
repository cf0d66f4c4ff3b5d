from django.urls import include, path

from . import views

app_name = "loop"

# Includes itself: the exporter must record it once and stop.
urlpatterns = [
    path("end/", views.plain, name="end"),
    path("again/", include("hoop_export.tests.loop_urls", namespace="again")),
]
