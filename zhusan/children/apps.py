from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "zhusan.children"
    label = "children"

    def ready(self) -> None:
        from zhusan.children.timeline import child_timeline
        from zhusan.people.timeline import register_source

        register_source(child_timeline)
