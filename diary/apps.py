from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "日記"

    def ready(self):
        # both modules import the models, so they can only be imported once those are loaded
        from wagtail.signals import page_published

        from diary import notifications, search

        search.register()
        page_published.connect(notifications.on_page_published, dispatch_uid="diary_baton")
