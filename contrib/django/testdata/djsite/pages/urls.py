from django.urls import path

from . import views

urlpatterns = [
    path("", views.page_index, name="pages-index"),
    path("<slug:slug>/", views.page, name="page"),
]
