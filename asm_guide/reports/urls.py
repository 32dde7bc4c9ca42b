from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("cases/<int:case_id>/report/", views.PreviewView.as_view(), name="preview"),
    path("cases/<int:case_id>/report.pdf", views.PdfView.as_view(), name="pdf"),
    path("cases/<int:case_id>/report.docx", views.DocxView.as_view(), name="docx"),
    path("cases/<int:case_id>/plan.xlsx", views.XlsxView.as_view(), name="xlsx"),
    path("cases/<int:case_id>/export.json", views.JsonView.as_view(), name="json"),
    path("example-strategy.pdf", views.example_pdf, name="example-pdf"),
]
