from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "zhusan.identity"
    label = "identity"
