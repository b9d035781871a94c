from django.urls import path

from zhusan.reports import summary, views

urlpatterns = [
    path("statistics/", views.dashboard, name="statistics"),
    path("statistics/reconciliation/", views.reconciliation, name="statistics-reconciliation"),
    path("statistics/<slug:code>/", views.indicator_detail, name="statistics-indicator"),
    path(
        "statistics/<slug:code>/export.<slug:fmt>",
        views.indicator_export,
        name="statistics-export",
    ),
    path("persons/<uuid:public_id>/summary/", summary.case_summary, name="case-summary"),
    path("exports/", views.exports, name="exports"),
    path("exports/<uuid:public_id>/", views.export_status, name="export-status"),
    path("exports/<uuid:public_id>/download/", views.export_download, name="export-download"),
]
