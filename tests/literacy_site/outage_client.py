"""Build a site, or send it requests, in a process of its own.

    python -m tests.literacy_site.outage_client build
    python -m tests.literacy_site.outage_client '[["GET", "/", {}, {}], ...]'

`build` migrates the SQLite file in SQLITE_PATH, loads the demo and adds a
facilitator, then prints a lesson's address. Otherwise each request is
[method, path, form data, cookies], sent through Django's test client; prints
one JSON list of {status, retry_after, body}. The outage tests run it with a
database that is unreachable or read-only, which the test process cannot have.
With SQLITE_READ_ONLY=1 the file is opened read-only, as SQLite opens a file the
server may not write (a root process ignores the file's permissions).
"""

import json
import os
import sys

import django

FACILITATOR = {"username": "fasilitator-uji", "password": "kata-sandi-uji-7"}


def build():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from courses.models import LessonPage
    from literacy_site.roles import FACILITATOR as FACILITATOR_ROLE

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    user = get_user_model().objects.create_user(**FACILITATOR)
    user.groups.add(Group.objects.get(name=FACILITATOR_ROLE))
    lesson = LessonPage.objects.live().order_by("path").first()
    return {"lesson_url": lesson.url, "lesson_title": lesson.title}


def send(requests):
    from django.test import Client

    results = []
    for method, path, data, cookies in requests:
        client = Client(raise_request_exception=False)
        client.cookies.load(cookies)
        response = getattr(client, method.lower())(path, data)
        results.append(
            {
                "status": response.status_code,
                "retry_after": response.get("Retry-After"),
                "body": response.content.decode(),
            }
        )
    return results


def main():
    from literacy_site.settings import test as settings

    # The test settings make a new media folder per process; the builder's
    # uploaded pictures must stay where the server looks for them.
    settings.MEDIA_ROOT = os.environ.get("MEDIA_ROOT", settings.MEDIA_ROOT)
    if os.environ.get("SQLITE_READ_ONLY"):
        database = settings.DATABASES["default"]
        database["NAME"] = f"file:{database['NAME']}?mode=ro"
        database["OPTIONS"]["uri"] = True
    django.setup()
    if sys.argv[1] == "build":
        result = build()
    else:
        result = send(json.loads(sys.argv[1]))
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
