import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from literacy_site.roles import ADMINISTRATOR


class Command(BaseCommand):
    help = _(
        "Create the first administrator with a generated password and print the "
        "login. The password is kept in var/admin-password.txt so it can be shown "
        "again; nothing changes when the administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password_file = settings.VAR_DIR / "admin-password.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, password=password)
            user.groups.add(Group.objects.get(name=ADMINISTRATOR))
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text().strip()
        else:
            self.stdout.write(
                _(
                    "Administrator '%(user)s' exists. To set a new password: "
                    "manage.py changepassword %(user)s"
                )
                % {"user": username}
            )
            return
        self.stdout.write(
            _(
                "Administrator login: %(user)s  password: %(password)s  "
                "(at %(url)s/admin/; if you changed it, use your own)"
            )
            % {
                "user": username,
                "password": password,
                "url": settings.SITE_URL,
            }
        )
