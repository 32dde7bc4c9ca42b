from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from asm_guide.cases import views as case_views
from asm_guide.guide import views as guide_views

urlpatterns = [
    path("", guide_views.start, name="home"),
    path("guide/", include("asm_guide.guide.urls")),
    path("healthz", case_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("asm_guide.cases.urls")),
    path("cases/", include("asm_guide.review.urls")),
    path("", include("asm_guide.reports.urls")),
    path("", include("setup_phase.urls")),
    path("", include("strategy.urls")),
    path("", include("implementation.urls")),
]
