from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "ホーム"

    def ready(self):
        from home import admin_visibility

        admin_visibility.register()
