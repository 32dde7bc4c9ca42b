from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("all/", views.whole_guide, name="all"),
    path("guide.pdf", views.whole_guide_pdf, name="pdf"),
    path("reference/<slug:slug>/", views.reference_page, name="reference"),
    path("<slug:part>/", views.part_page, name="part"),
    path("<slug:part>/<slug:step>/", views.step_page, name="step"),
    path("<slug:part>/<slug:flow>/<slug:step>/", views.subject_step_page, name="subject-step"),
]
