"""Send requests through Django's test client in a process of its own.

    python -m tests.literacy_site.outage_client '[["GET", "/", {}, {}], ...]'

Each request is [method, path, form data, cookies]. Prints one JSON list of
{status, retry_after, body}. The outage tests run it with a database that is
unreachable or read-only, which a test's own process cannot have.
"""

import json
import sys

import django


def main():
    django.setup()
    from django.test import Client

    results = []
    for method, path, data, cookies in json.loads(sys.argv[1]):
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
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
