from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "zhusan.access"
    label = "access"
