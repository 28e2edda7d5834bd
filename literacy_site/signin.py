"""Signing in with a phone number instead of the user name.

Facilitators and village staff often remember their number better than a user
name. The backend comes after django-axes' in AUTHENTICATION_BACKENDS, so a
locked-out name or number is refused before any password is checked; and axes
counts a number's attempts under the account's user name (axes_username), so
guessing by number, in any spelling, and by name add up to one count.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from literacy_site.models import SignInPhone
from workshops.normalise import phone_number_or_none

USERNAME_LABEL = _("Username or phone number")


def user_with_phone(typed):
    """The account whose sign-in number is `typed` (any spelling), or None."""
    phone = phone_number_or_none(typed or "")
    if not phone:
        return None
    return get_user_model().objects.filter(sign_in_phone__phone=phone).first()


class PhoneNumberBackend(ModelBackend):
    """Authenticates the number typed in the user name field."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = user_with_phone(username)
        if user is None:
            # Take as long as a wrong password would (Django's ModelBackend
            # does the same), so timing does not tell which numbers exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials):
    """The name django-axes counts attempts under: the account's user name when
    a sign-in number was typed, else what was typed (a number in its stored
    spelling)."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "data", request.POST).get("username")
    user = user_with_phone(typed)
    if user is not None:
        return user.get_username()
    return phone_number_or_none(typed or "") or typed


def sign_in_phone_set(*, user, phone: str) -> None:
    """Give the user this sign-in number (stored +62…), or none when empty."""
    with transaction.atomic():
        if not phone:
            SignInPhone.objects.filter(user=user).delete()
            return
        SignInPhone.objects.update_or_create(user=user, defaults={"phone": phone})


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form, saying a phone number is welcome too."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = USERNAME_LABEL
        self.fields["username"].widget.attrs["placeholder"] = USERNAME_LABEL
        # Wagtail's form declares the field without a label, so Django would show
        # the untranslated field name "Password".
        self.fields["password"].label = _("Password")
