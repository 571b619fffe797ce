"""Language: a logged-in person's saved choice wins over the browser's Accept-Language."""

from django.utils import translation


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        cookie_choice = request.COOKIES.get("django_language")
        if user is not None and user.is_authenticated and user.language and not cookie_choice:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
