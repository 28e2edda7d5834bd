import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from literacy_site.roles import ADMINISTRATOR
from literacy_site.setup_password import remember_setup_password, setup_password_file


class Command(BaseCommand):
    help = _(
        "Create the first administrator with a generated password and say where "
        "to find it. The password is kept in var/admin-password.txt until the "
        "administrator changes it; nothing changes when the administrator exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        password_file = setup_password_file()
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, password=password)
            user.groups.add(Group.objects.get(name=ADMINISTRATOR))
            remember_setup_password(username, password)
        password = ""
        if password_file.exists():
            password = password_file.read_text().strip()
            message = _(
                "Administrator login: %(user)s / %(password)s at %(url)s/admin/ "
                "(also in %(file)s until you change it; the file is deleted then)"
            )
        else:
            message = _(
                "Administrator '%(user)s' exists with the password they chose (at "
                "%(url)s/admin/; forgotten: manage.py changepassword %(user)s)"
            )
        self.stdout.write(
            message
            % {
                "user": username,
                "password": password,
                "file": password_file,
                "url": settings.SITE_URL,
            }
        )
