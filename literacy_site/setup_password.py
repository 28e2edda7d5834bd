"""The administrator's generated first password, kept in a file only until changed."""

from django.conf import settings
from django.contrib.auth import password_validation


def setup_password_file():
    return settings.VAR_DIR / "admin-password.txt"


def setup_username_file():
    """Whose password the setup file holds (written by create_admin)."""
    return settings.VAR_DIR / "admin-username.txt"


def remember_setup_password(username, password):
    files = ((setup_password_file(), password), (setup_username_file(), username))
    for path, text in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
        path.chmod(0o600)


def forget_setup_password(new_password, user=None):
    """Delete the file once the setup administrator changes the password it
    holds. Other users' password changes leave it alone."""
    path = setup_password_file()
    if not path.exists() or path.read_text().strip() == new_password:
        return
    owner = setup_username_file()
    if user is not None and owner.exists():
        if user.get_username() != owner.read_text().strip():
            return
    path.unlink(missing_ok=True)
    owner.unlink(missing_ok=True)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length. Django also tells validators of every password
    change, wherever it is made: the setup password file is deleted then."""

    def password_changed(self, password, user=None):
        forget_setup_password(password, user)
