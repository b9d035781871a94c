from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhusan.api.views import api
from zhusan.cases import views as case_views
from zhusan.people import views as people_views
from zhusan.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/switch/", web_views.switch_membership, name="switch-membership"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("persons/", people_views.person_list, name="person-list"),
    path("persons/new/", people_views.person_create, name="person-create"),
    path("persons/pick/", people_views.person_pick, name="person-pick"),
    path("persons/<uuid:public_id>/", people_views.person_detail, name="person-detail"),
    path("persons/<uuid:public_id>/names/", people_views.name_add, name="person-name-add"),
    path(
        "persons/<uuid:public_id>/relationships/",
        people_views.relationship_add,
        name="person-relationship-add",
    ),
    path("persons/<uuid:public_id>/events/", case_views.event_add, name="person-event-add"),
    path("persons/<uuid:public_id>/move/", case_views.case_move, name="person-case-move"),
    path("operations/", case_views.operation_list, name="operation-list"),
    path("api/v1/", api.urls),
]
