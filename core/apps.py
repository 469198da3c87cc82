from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "共通"

    def ready(self):
        from core.names import use_japanese_name_order

        use_japanese_name_order()
