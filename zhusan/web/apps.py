from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhusan.web"
    label = "web"
