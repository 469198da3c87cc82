from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but Japanese unless the visitor chose another language.

    The browser's Accept-Language is ignored: staff on shared terminals with English browser
    settings still get the Japanese site. English is one click away (the language switch in the
    header sets the language cookie through Django's ``set_language`` view).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
