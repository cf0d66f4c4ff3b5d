from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("", views.page_index, name="pages-index"),
    path(_("contact/"), views.contact, name="contact"),
    path("<slug:slug>/", views.page, name="page"),
]
