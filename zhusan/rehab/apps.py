from django.apps import AppConfig


class RehabConfig(AppConfig):
    name = "zhusan.rehab"
    label = "rehab"
