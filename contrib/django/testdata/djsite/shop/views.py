from django.http import HttpResponse, JsonResponse
from django.views import View


def index(request, region):
    return HttpResponse("django: shop %s" % region)


class CartView(View):
    def get(self, request, region):
        return JsonResponse({"view": "shop.views.CartView", "region": region, "items": []})

    def post(self, request, region):
        return JsonResponse({"view": "shop.views.CartView", "region": region, "added": request.body.decode()})


def product_list(request, region, format=None):
    return JsonResponse({"view": "shop.views.product_list", "region": region, "format": format})


def product_detail(request, region, pk, format=None):
    return JsonResponse({"view": "shop.views.product_detail", "region": region, "pk": pk, "format": format})
