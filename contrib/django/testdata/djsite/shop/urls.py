from django.urls import include, path

from . import views

app_name = "shop"

urlpatterns = [
    path("", views.index, name="index"),
    path("cart/", views.CartView.as_view(), name="cart"),
    path("api/", include("shop.api_urls")),
]
