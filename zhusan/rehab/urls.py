from django.urls import path

from zhusan.rehab import views

P = "persons/<uuid:public_id>/rehab/"

urlpatterns = [
    path(P + "sessions/", views.session_add, name="rehab-session-add"),
    path(P + "goals/", views.goal_add, name="rehab-goal-add"),
    path(P + "goals/status/", views.goal_update, name="rehab-goal-update"),
    path(P + "actions/", views.action_add, name="rehab-action-add"),
    path(P + "actions/status/", views.action_update, name="rehab-action-update"),
    path(P + "reviews/", views.review_add, name="rehab-review-add"),
    path(P + "assessments/new/", views.assessment_add, name="rehab-assessment-add"),
    path(P + "programmes/", views.programme_add, name="rehab-programme-add"),
    path(P + "programmes/end/", views.programme_end, name="rehab-programme-end"),
    path(P + "housing/", views.housing_add, name="rehab-housing-add"),
    path(P + "benefits/", views.benefit_add, name="rehab-benefit-add"),
    path(P + "engagements/", views.engagement_add, name="rehab-engagement-add"),
    path(P + "support/end/", views.support_end, name="rehab-support-end"),
    path(P + "reconciliations/", views.reconciliation_add, name="rehab-reconciliation-add"),
    path(P + "follow-ups/", views.follow_up_add, name="rehab-follow-up-add"),
    path(P + "conferences/new/", views.conference_add, name="rehab-conference-add"),
    path("conferences/", views.conference_list, name="rehab-conference-list"),
]
