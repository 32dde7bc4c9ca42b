from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.create_case, name="create"),
    path("<int:case_id>/", views.TaskListView.as_view(), name="task-list"),
    path("<int:case_id>/settings/", views.CaseSettingsView.as_view(), name="settings"),
    path("<int:case_id>/members/", views.MembersView.as_view(), name="members"),
]
