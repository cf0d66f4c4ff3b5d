from django.http import HttpResponse, JsonResponse


def index(request):
    return HttpResponse("django: blog index")


def year_archive(request, year):
    return JsonResponse({"view": "blog.views.year_archive", "year": year})


def post_detail(request, year, slug):
    return JsonResponse({"view": "blog.views.post_detail", "year": year, "slug": slug, "query": request.GET.get("q")})


def tag(request, tag):
    return HttpResponse("django: posts tagged %s" % tag)


def feed(request, format):
    return HttpResponse("django: %s feed" % format, content_type="application/rss+xml")
