from django.urls import path, re_path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.index, name="index"),
    path("<yyyy:year>/", views.year_archive, name="year"),
    path("<yyyy:year>/<slug:slug>/", views.post_detail, name="post"),
    re_path(r"^tags/(?P<tag>[\w-]+)/$", views.tag, name="tag"),
    path("feed/", views.feed, {"format": "rss"}, name="feed"),
]
