from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "イベント"

    def ready(self):
        # events.search imports the models, so it can only be imported once they are loaded
        from events import search

        search.register()
