from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhusan.reports"
    label = "reports"
