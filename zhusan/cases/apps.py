from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhusan.cases"
    label = "cases"
