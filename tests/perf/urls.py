"""The application's URLs plus a bare Django view: the floor each page is compared with."""

from django.http import HttpResponse
from django.urls import path

from asm_guide.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *app_urlpatterns]
