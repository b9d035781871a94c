from django.urls import include, path

from zhusan.access import views as access_views
from zhusan.api.views import api
from zhusan.audit import views as audit_views
from zhusan.cases import views as case_views
from zhusan.identity import views as identity_views
from zhusan.justice import views as justice_views
from zhusan.people import scan_views
from zhusan.people import views as people_views
from zhusan.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("", include("zhusan.accounts.urls")),
    path("accounts/switch/", web_views.switch_membership, name="switch-membership"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("persons/", people_views.person_list, name="person-list"),
    path("persons/new/", people_views.person_create, name="person-create"),
    path("persons/pick/", people_views.person_pick, name="person-pick"),
    path("persons/<uuid:public_id>/", people_views.person_detail, name="person-detail"),
    path("persons/<uuid:public_id>/names/", people_views.name_add, name="person-name-add"),
    path("persons/<uuid:public_id>/scans/", scan_views.scan_add, name="person-scan-add"),
    path("documents/<uuid:public_id>/scan/", scan_views.scan_read, name="document-scan"),
    path(
        "persons/<uuid:public_id>/relationships/",
        people_views.relationship_add,
        name="person-relationship-add",
    ),
    path("persons/<uuid:public_id>/events/", case_views.event_add, name="person-event-add"),
    path("persons/<uuid:public_id>/move/", case_views.case_move, name="person-case-move"),
    path(
        "persons/<uuid:public_id>/justice/charges/",
        justice_views.charge_add,
        name="justice-charge-add",
    ),
    path(
        "persons/<uuid:public_id>/justice/verdict/",
        justice_views.verdict_add,
        name="justice-verdict-add",
    ),
    path(
        "persons/<uuid:public_id>/justice/custody/",
        justice_views.custody_add,
        name="justice-custody-add",
    ),
    path(
        "persons/<uuid:public_id>/justice/facts/",
        justice_views.facts_update,
        name="justice-facts-update",
    ),
    path(
        "persons/<uuid:public_id>/justice/petitions/",
        justice_views.petition_add,
        name="justice-petition-add",
    ),
    path(
        "persons/<uuid:public_id>/justice/decisions/",
        justice_views.petition_decide,
        name="justice-petition-decide",
    ),
    path(
        "persons/<uuid:public_id>/justice/assessments/",
        justice_views.assessment_store,
        name="justice-assessment-store",
    ),
    path("eligibility/", justice_views.eligibility, name="eligibility"),
    path("duplicates/", identity_views.duplicate_list, name="duplicate-list"),
    path("duplicates/<uuid:public_id>/", identity_views.duplicate_decide, name="duplicate-decide"),
    path("merges/<uuid:public_id>/undo/", identity_views.merge_undo, name="merge-undo"),
    path("operations/", case_views.operation_list, name="operation-list"),
    path("emergency-access/", access_views.emergency_access, name="emergency-access"),
    path("administration/exclusions/", access_views.exclusions, name="exclusions"),
    path("audit/", audit_views.trail, name="audit-trail"),
    path("audit/break-glass/", audit_views.break_glass_queue, name="audit-break-glass"),
    path(
        "audit/break-glass/<uuid:public_id>/",
        audit_views.break_glass_review,
        name="audit-break-glass-review",
    ),
    path("audit/persons/<uuid:public_id>/", audit_views.access_report, name="audit-access-report"),
    path("families/<uuid:public_id>/", people_views.family_detail, name="family-detail"),
    path("", include("zhusan.cases.urls")),
    path("", include("zhusan.rehab.urls")),
    path("", include("zhusan.children.urls")),
    path("", include("zhusan.reports.urls")),
    path("api/v1/", api.urls),
]
