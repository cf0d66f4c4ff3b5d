from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, register_converter

from pages import views as pages

from . import converters

register_converter(converters.FourDigitYearConverter, "yyyy")

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("blog/", include("blog.urls")),
    path("news/", include("blog.urls", namespace="news")),
    re_path(r"^shop/(?P<region>[a-z]{2})/", include("shop.urls")),
]

urlpatterns += i18n_patterns(
    path("pages/", include("pages.urls")),
)
