from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("comments/", views.my_comments, name="my-comments"),
    path("<int:case_id>/review/", views.ReviewStatusView.as_view(), name="status"),
    path("<int:case_id>/review/<str:transition>/", views.TransitionView.as_view(), name="transition"),
    path("<int:case_id>/revisions/", views.RevisionListView.as_view(), name="revisions"),
    path("<int:case_id>/revisions/compare/", views.RevisionCompareView.as_view(), name="compare"),
    path("<int:case_id>/history/", views.AuditLogView.as_view(), name="audit"),
    path("<int:case_id>/comments/", views.CaseCommentsView.as_view(), name="comments"),
    path("<int:case_id>/comments/new/", views.CommentCreateView.as_view(), name="comment-new"),
    path("<int:case_id>/comments/<int:comment_id>/", views.CommentThreadView.as_view(), name="thread"),
]
