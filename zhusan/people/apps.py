from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zhusan.people"
    label = "people"
