from django.apps import AppConfig


class RehabConfig(AppConfig):
    name = "zhusan.rehab"
    label = "rehab"

    def ready(self) -> None:
        from zhusan.people.timeline import register_source
        from zhusan.rehab.timeline import rehab_items

        register_source(rehab_items)
