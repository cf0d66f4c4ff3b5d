import datetime
import uuid

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, register_converter
from django.utils.translation import gettext_lazy as _

from . import converters, views

register_converter(converters.HexConverter, "hex")

inner = [
    path("leaf/<int:n>/", views.plain, name="leaf"),
]

urlpatterns = [
    path("", views.plain, name="index"),
    re_path(r"^articles/(?P<year>[0-9]{4})/(?:page-(?P<page>[0-9]+)/)?$", views.plain, name="articles"),
    re_path(r"^positional/([0-9]+)/([a-z]+)/$", views.plain, name="positional"),
    path("hex/<hex:value>/", views.plain, name="hex"),
    path("class/", views.ClassView.as_view(), name="class"),
    path("instance/", views.callable_instance, name="instance"),
    path("partial/", views.partial_view, name="partial"),
    path("typed/", views.plain, {
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "raw": b"\xff",
        "when": datetime.date(2020, 1, 2),
        "fn": views.plain,
        "flag": True,
        "list": [1, "a"],
    }, name="typed"),
    path("inline/", include((inner, "inl"), namespace="inline-ns")),
    path("plain-inline/", include(inner)),
    re_path(r"^loop/(?P<depth>[0-9])/", include("hoop_export.tests.loop_urls", namespace="loop")),
]

urlpatterns += i18n_patterns(
    path("about/", views.plain, name="about"),
    path(_("contact/"), views.plain, name="contact"),
    prefix_default_language=False,
)
