from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "zhusan.justice"
    label = "justice"
