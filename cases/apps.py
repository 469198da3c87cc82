from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "事例"

    def ready(self):
        # cases.search imports the models, so it can only be imported once they are loaded
        from cases import search

        search.register()
