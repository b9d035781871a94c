from django.contrib.auth import views as auth_views
from django.urls import path

from zhusan.accounts import views

urlpatterns = [
    path("accounts/login/", views.sign_in, name="login"),
    path("accounts/login/verify/", views.verify, name="login-verify"),
    path("accounts/login/enrol/", views.enrol, name="login-enrol"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", views.tokens, name="api-tokens"),
    path("accounts/tokens/<uuid:public_id>/revoke/", views.token_revoke, name="api-token-revoke"),
    path("administration/sign-in/", views.sign_in_admin, name="sign-in-admin"),
]
