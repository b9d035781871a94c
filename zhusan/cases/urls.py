from django.urls import path

from zhusan.cases import views

urlpatterns = [
    path("persons/<uuid:public_id>/referrals/", views.referral_add, name="referral-add"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<uuid:public_id>/", views.referral_step, name="referral-step"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/new/", views.task_add, name="task-add"),
    path("tasks/<uuid:public_id>/done/", views.task_done, name="task-done"),
]
