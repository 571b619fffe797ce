"""Login by email, case-insensitive, only for active people."""

from django.contrib.auth.backends import ModelBackend

from okrflow.org.models import Person, normalize_email


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = normalize_email(username or kwargs.get("email") or "")
        if not email or password is None:
            return None
        person = Person.objects.filter(email=email).first()
        if person is None:
            Person().set_password(password)  # same work as a real check: no timing oracle
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None
