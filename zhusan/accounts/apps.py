from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhusan.accounts"
    label = "accounts"
