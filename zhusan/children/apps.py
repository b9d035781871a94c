from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "zhusan.children"
    label = "children"
