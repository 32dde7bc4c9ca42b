"""The application's URLs plus two floors each page is compared with: a bare Django view, and the
least a case page does (sign-in session, membership check, the case, the site's layout)."""

from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from asm_guide.cases.permissions import CaseMemberRequiredMixin
from asm_guide.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


class CaseFloor(CaseMemberRequiredMixin, TemplateView):
    template_name = "bench/case_floor.html"


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/case/<int:case_id>/", CaseFloor.as_view(), name="bench-case-floor"),
    *app_urlpatterns,
]
