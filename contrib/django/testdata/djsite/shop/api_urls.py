from django.urls import re_path

from . import views

app_name = "api"

# Format suffixes as Django REST framework's format_suffix_patterns writes
# them: each pattern, then the same with ".json" or another suffix.
urlpatterns = [
    re_path(r"^products/$", views.product_list, name="product-list"),
    re_path(r"^products\.(?P<format>[a-z0-9]+)/?$", views.product_list, name="product-list"),
    re_path(r"^products/(?P<pk>[0-9]+)/$", views.product_detail, name="product-detail"),
    re_path(r"^products/(?P<pk>[0-9]+)\.(?P<format>[a-z0-9]+)/?$", views.product_detail, name="product-detail"),
]
