"""The system's Chromium, as the browser tests and the bench/ scripts start it."""

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The machine has no internet: keep Chromium from trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
