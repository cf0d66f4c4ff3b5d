from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.generic import TemplateView


def home(request):
    return HttpResponse("django: home")


def health(request):
    return HttpResponse("django: ok")


class AboutView(TemplateView):
    def get(self, request, *args, **kwargs):
        return HttpResponse("django: about")


def page_index(request):
    return HttpResponse("django: pages in %s" % get_language())


def page(request, slug):
    return HttpResponse("django: page %s in %s" % (slug, get_language()))


def contact(request):
    return HttpResponse("django: contact in %s" % get_language())
