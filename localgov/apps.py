from django.apps import AppConfig


class LocalgovConfig(AppConfig):
    name = "localgov"
    verbose_name = "自治体"
