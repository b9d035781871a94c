from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhusan.accounts"
    label = "accounts"

    def ready(self) -> None:
        from zhusan.accounts import signals

        signals.connect()
