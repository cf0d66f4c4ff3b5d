import functools

from django.http import HttpResponse
from django.views import View


def plain(request, *args, **kwargs):
    return HttpResponse("plain")


class ClassView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("class")


class Callable:
    def __call__(self, request, *args, **kwargs):
        return HttpResponse("callable")


callable_instance = Callable()
partial_view = functools.partial(plain, extra=1)
