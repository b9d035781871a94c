from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhusan.cases"
    label = "cases"

    def ready(self) -> None:
        from zhusan.cases import reminders
        from zhusan.cases.timeline import referral_items
        from zhusan.people.timeline import register_source

        register_source(referral_items)
        reminders.register_defaults()
