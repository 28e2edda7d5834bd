"""The deployment of deploy/ on loopback: nginx, gunicorn app servers, a task worker.

nginx runs a copy of deploy/nginx/literasi.conf (plain HTTP on a local port instead
of TLS, local folders instead of /srv) in front of gunicorn instances started with
deploy/gunicorn.conf.py and the production settings, all on one fresh PostgreSQL
database and one Redis database. Used by tests/deploy/test_two_app_servers.py and by
bench/app_servers.py and bench/print_job_under_load.py, so both exercise the same
deployment.

Override the services with DEPLOY_DATABASE_URL (the database is dropped and made
again) and DEPLOY_REDIS_URL (that Redis database is emptied)."""

import concurrent.futures
import html
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NGINX_TEMPLATE = REPO / "deploy" / "nginx" / "literasi.conf"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/literasi_deploy_test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"
MIME_TYPES = Path("/etc/nginx/mime.types")
WORKER_ID = "literasi-worker-1"


def nginx_binary():
    """The nginx to run, or None when none is installed."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()),
        None,
    )


def _replace(text, pattern, replacement, *, count):
    """re.sub that insists on finding the template line it expects, so an edit of
    deploy/nginx/literasi.conf cannot silently leave the test a different site."""
    new, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise AssertionError(
            f"deploy/nginx/literasi.conf: expected {count} match(es) of {pattern!r}, "
            f"found {found}"
        )
    return new


def loopback_site(template, *, port, redirect_port, app_ports, static_root, media_root):
    """The deploy site with plain HTTP on loopback ports and local folders.

    Everything else — upstream policy, proxy headers, buffering, body size, static
    and media caching — is the template's own text."""
    servers = "".join(
        f"    server 127.0.0.1:{app_port} max_fails=3 fail_timeout=10s;\n"
        for app_port in app_ports
    )
    site = _replace(
        template,
        r"^    server \S+:\d+ .*;.*PLACEHOLDER app server 1\n",
        servers.replace("\\", "\\\\"),
        count=1,
    )
    site = _replace(
        site, r"^    server \S+:\d+ .*PLACEHOLDER app server.*\n", "", count=1
    )
    site = _replace(
        site, r"^    listen 80;$", f"    listen 127.0.0.1:{redirect_port};", count=1
    )
    site = _replace(
        site, r"^    listen 443 ssl http2;$", f"    listen 127.0.0.1:{port};", count=1
    )
    site = _replace(site, r"^    listen \[::\]:(80|443 ssl http2);\n", "", count=2)
    site = _replace(site, r"^    ssl_\w+ .*\n", "", count=7)
    site = _replace(
        site,
        r"alias \S+;(\s+# PLACEHOLDER STATIC_ROOT)",
        f"alias {static_root}/;\\1",
        count=1,
    )
    site = _replace(
        site,
        r"alias \S+;(\s+# PLACEHOLDER MEDIA_ROOT)",
        f"alias {media_root}/;\\1",
        count=1,
    )
    return site


def nginx_main_conf(workdir, site_path):
    """What /etc/nginx/nginx.conf gives the site, with every file under workdir."""
    # As root nginx would hand its workers to "nobody", who cannot read a private
    # temporary folder; the test's own user runs them instead.
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};"
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    return f"""
daemon off;
{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    {mime}
    default_type application/octet-stream;
    sendfile on;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {site_path};
}}
"""


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    served_by: str = ""

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One visitor: keeps cookies, fills in the CSRF token, sends the Origin a
    browser would. `port` is nginx's, or an app server's when the test plays the
    proxy itself (then it sends the headers nginx would)."""

    port: int
    cookies: dict = field(default_factory=dict)
    timeout: float = 120

    def __post_init__(self):
        self._lock = threading.Lock()

    def request(
        self, method, path, *, data=None, headers=None, port=None, as_proxy_for=None
    ):
        port = port or self.port
        sent = {"Origin": f"http://127.0.0.1:{port}", "Connection": "close"}
        if as_proxy_for:
            # Straight to an app server, with the headers our nginx sets.
            sent["X-Forwarded-For"] = as_proxy_for
            sent["X-Forwarded-Proto"] = "http"
        with self._lock:
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        with self._lock:
            for header in answer.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return Response(answer.status, dict(answer.headers.items()), content)

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, data, **options):
        return self.request("POST", path, data=data, **options)

    def csrf_token(self, path, **options):
        page = self.get(path, **options)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if match is None:
            raise AssertionError(f"no CSRF token on {path} ({page.status})")
        return html.unescape(match.group(1))

    def sign_in(self, username, password, **options):
        token = self.csrf_token("/fasilitator/masuk/", **options)
        return self.post(
            "/fasilitator/masuk/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
            **options,
        )


class Process:
    """A child process in a session of its own, its output in a log file."""

    def __init__(self, name, command, *, env, workdir, cwd=REPO):
        self.name = name
        self.log = workdir / f"{name}.log"
        self._log_file = self.log.open("ab")
        self.popen = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check_running(self):
        if self.popen.poll() is not None:
            raise RuntimeError(
                f"{self.name} stopped (exit {self.popen.returncode}):\n{self.tail()}"
            )

    def tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout=20):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                # Only this process's own group: gunicorn's or the worker's children.
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout)
        self._log_file.close()


def _port_free(port):
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _database_recreate(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"\w+", name):
        raise ValueError(f"unexpected database name {name!r}")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def _database_drop(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            f"DROP DATABASE IF EXISTS {parts.path.lstrip('/')} WITH (FORCE)"
        )


def _redis_flush(url):
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


class Stack:
    """nginx on `port` in front of one gunicorn per entry of `app_ports`.

    `extra_sites` adds more nginx instances: {port: [app ports]}, for a side by
    side comparison of the same app servers behind differently sized upstreams."""

    def __init__(
        self,
        workdir,
        *,
        port,
        app_ports,
        redirect_port=None,
        extra_sites=None,
        worker=True,
        gunicorn_env=None,
    ):
        self.workdir = Path(workdir)
        self.port = port
        self.redirect_port = redirect_port or port + 1
        self.app_ports = list(app_ports)
        self.extra_sites = dict(extra_sites or {})
        self.with_worker = worker
        self.gunicorn_env = dict(gunicorn_env or {})
        self.database_url = os.environ.get("DEPLOY_DATABASE_URL", DEFAULT_DATABASE_URL)
        self.redis_url = os.environ.get("DEPLOY_REDIS_URL", DEFAULT_REDIS_URL)
        self.static_root = self.workdir / "static"
        self.media_root = self.workdir / "media"
        self.private_root = self.workdir / "private"
        self.processes = []
        self.app_servers = {}
        self.worker = None
        self.base_url = f"http://127.0.0.1:{port}"
        self._secret_key = secrets.token_urlsafe(50)

    # The environment file of deploy/literasi.env.example, filled in for loopback.
    def environment(self, **extra):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "GUNICORN_", "DATABASE_", "REDIS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="literacy_site.settings.production",
            SECRET_KEY=self._secret_key,
            SITE_URL=self.base_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS=",".join(
                f"http://127.0.0.1:{p}" for p in [self.port, *self.extra_sites]
            ),
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            # The test speaks plain HTTP to nginx; production keeps both defaults.
            SECURE_SSL_REDIRECT="false",
            SECURE_PROXY_SSL_HEADER="true",
            TRUSTED_PROXIES="127.0.0.1",
            VAR_DIR=str(self.workdir / "var"),
            MEDIA_ROOT=str(self.media_root),
            PRIVATE_FILES_ROOT=str(self.private_root),
            STATIC_ROOT=str(self.static_root),
            WAGTAILADMIN_BASE_URL=self.base_url,
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def manage(self, *arguments, timeout=600):
        """Run manage.py with the stack's environment; its output, or an error."""
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPO,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
            )
        return done.stdout

    def scenario(self, name, **arguments):
        """Run one function of tests/deploy/scenarios.py in the stack's database."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.deploy.scenarios",
                name,
                json.dumps(arguments),
            ],
            cwd=REPO,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            raise RuntimeError(f"scenario {name} failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def sql(self, query, *parameters):
        """Rows of one query in the stack's database, for watching from outside."""
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(query, parameters).fetchall()

    def start(self):
        all_ports = [self.port, self.redirect_port, *self.app_ports]
        for site_port in self.extra_sites:
            all_ports += [site_port, site_port + 1]
        busy = [p for p in all_ports if not _port_free(p)]
        if busy:
            raise RuntimeError(f"ports already in use: {busy}")
        if nginx_binary() is None:
            raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
        for folder in (self.static_root, self.media_root, self.private_root):
            folder.mkdir(parents=True, exist_ok=True)
        _database_recreate(self.database_url)
        _redis_flush(self.redis_url)
        # collectstatic needs no database: run it while migrate does.
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            static = pool.submit(self.manage, "collectstatic", "--noinput")
            migrate = pool.submit(self.manage, "migrate", "--noinput")
            static.result()
            migrate.result()
        self.manage("load_demo")
        self.manage("set_site_address")
        for number, app_port in enumerate(self.app_ports, start=1):
            self.app_servers[app_port] = self._start_app_server(number, app_port)
        self._start_nginx("nginx", self.port, self.redirect_port, self.app_ports)
        for site_port, ports in self.extra_sites.items():
            self._start_nginx(f"nginx-{site_port}", site_port, site_port + 1, ports)
        if self.with_worker:
            self.worker = self._track(
                Process(
                    "worker",
                    [
                        # Nice=10, as in deploy/systemd/literasi-worker.service.
                        "nice",
                        "-n",
                        "10",
                        sys.executable,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--no-startup-delay",
                        "--worker-id",
                        WORKER_ID,
                    ],
                    env=self.environment(),
                    workdir=self.workdir,
                )
            )
        self._wait_until_serving()
        return self

    def _track(self, process):
        self.processes.append(process)
        return process

    def _start_app_server(self, number, app_port):
        access_log = self.workdir / f"app{number}-access.log"
        process = Process(
            f"app{number}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(GUNICORN_CONF),
                "--access-logfile",
                str(access_log),
                # Two gunicorns on one machine would share ~/.gunicorn's socket.
                "--no-control-socket",
                "literacy_site.wsgi",
            ],
            env=self.environment(
                GUNICORN_BIND=f"127.0.0.1:{app_port}", **self.gunicorn_env
            ),
            workdir=self.workdir,
        )
        process.access_log = access_log
        return self._track(process)

    def _start_nginx(self, name, port, redirect_port, app_ports):
        prefix = self.workdir / name
        prefix.mkdir(exist_ok=True)
        site = prefix / "literasi.conf"
        site.write_text(
            loopback_site(
                NGINX_TEMPLATE.read_text(),
                port=port,
                redirect_port=redirect_port,
                app_ports=app_ports,
                static_root=self.static_root,
                media_root=self.media_root,
            )
        )
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_main_conf(prefix, site))
        return self._track(
            Process(
                name,
                [
                    nginx_binary(),
                    "-p",
                    str(prefix),
                    "-c",
                    str(conf),
                    "-e",
                    str(prefix / "nginx-error.log"),
                ],
                env=self.environment(),
                workdir=self.workdir,
            )
        )

    def _wait_until_serving(self, timeout=180):
        deadline = time.monotonic() + timeout
        ports = [*self.app_ports, self.port, *self.extra_sites]
        while ports:
            for process in self.processes:
                process.check_running()
            try:
                answer = Browser(ports[0], timeout=10).get(
                    "/", as_proxy_for="127.0.0.1"
                )
                if answer.status == 200:
                    ports.pop(0)
                    continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing serves on port {ports[0]}")
            time.sleep(0.5)

    def requests_served(self, app_port, pattern):
        """How many requests matching `pattern` this app server logged."""
        log = self.app_servers[app_port].access_log
        if not log.exists():
            return 0
        expression = re.compile(pattern)
        return sum(
            1 for line in log.read_text().splitlines() if expression.search(line)
        )

    def stop(self, drop_database=True):
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()
        if drop_database:
            _database_drop(self.database_url)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info):
        self.stop()
