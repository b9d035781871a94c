from django.urls import path

from zhusan.children import views

P = "persons/<uuid:public_id>/child/"

urlpatterns = [
    path("children/", views.child_list, name="children-list"),
    path(P + "identity/", views.identity_add, name="children-identity-add"),
    path(P + "citizenship/", views.citizenship_determine, name="children-citizenship-determine"),
    path(P + "placements/", views.placement_add, name="children-placement-add"),
    path(P + "placements/update/", views.placement_update, name="children-placement-update"),
    path(P + "contacts/", views.contact_add, name="children-contact-add"),
    path(P + "reunification/plan/", views.plan_add, name="children-plan-add"),
    path(P + "reunification/steps/", views.step_update, name="children-step-update"),
    path(P + "reunification/", views.reunification_add, name="children-reunification-add"),
    path(P + "school/", views.school_add, name="children-school-add"),
]
