"""The administrator's generated first password, kept in a file only until changed."""

from django.conf import settings
from django.contrib.auth import password_validation


def setup_password_file():
    return settings.VAR_DIR / "admin-password.txt"


def forget_setup_password(new_password):
    """Delete the file once the password it holds is no longer anyone's."""
    path = setup_password_file()
    if path.exists() and path.read_text().strip() != new_password:
        path.unlink(missing_ok=True)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length. Django also tells validators of every password
    change, wherever it is made: the setup password file is deleted then."""

    def password_changed(self, password, user=None):
        forget_setup_password(password)
