"""Real LibreTranslate servers on 127.0.0.1, for the tests and benchmarks (not shipped).

The servers run from ``.venv-libretranslate`` (``make libretranslate-venv``,
pinned in ``deploy/libretranslate/requirements.txt``) with generated packages
(:mod:`synthetic_packages`, each with its MiniSBD splitter), entirely offline:
their home, Argos data and caches live in a scratch folder, and every outgoing
HTTP request goes to a closed local port instead of the Internet.

:class:`FaultProxy` stands between the portal and one real server like a
misbehaving load balancer: it forwards requests, or answers the next ones as
scripted (503, 429 with ``Retry-After``, an HTML page, one translation short),
and records when each request arrived.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from synthetic_packages import add_minisbd_model

REPO_ROOT = Path(__file__).resolve().parents[1]
LT_VENV = REPO_ROOT / ".venv-libretranslate"
# A closed port: what tries to download something fails at once, offline or not.
NOWHERE = "http://127.0.0.1:9"


def libretranslate_bin(name: str = "libretranslate") -> Path:
    """A command of the LibreTranslate environment; fails with how to make it."""
    path = LT_VENV / "bin" / name
    if not path.is_file():
        raise RuntimeError(f"LibreTranslate is not installed in {LT_VENV}: run `make libretranslate-venv` "
                           "(or `make test-deps`)")
    return path


def server_packages(package_dirs, into: Path) -> Path:
    """Copies of the packages, each with its MiniSBD model, in a packages folder for the servers."""
    into.mkdir(parents=True, exist_ok=True)
    for folder in package_dirs:
        target = into / Path(folder).name
        if not target.exists():
            shutil.copytree(folder, target)
            add_minisbd_model(target)
    return into


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LibreTranslateServer:
    """One ``libretranslate`` process (waitress) on 127.0.0.1, started by :meth:`start`."""

    packages: Path
    workdir: Path
    load_only: tuple[str, ...] = ("vi", "en", "zh")
    api_keys_db: Path | None = None
    """With a keys database, requests need one of its keys."""
    threads: int = 4
    intra_threads: int = 1
    """ARGOS_INTRA_THREADS: 1 is several times faster than all cores on a small machine."""
    beam_size: int = 4
    metrics: bool = True
    """Prometheus /metrics, to count the requests the server received."""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "server.log"

    def environment(self) -> dict[str, str]:
        home = self.workdir / "home"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "ARGOS_PACKAGES_DIR": str(self.packages),
            "ARGOS_PACKAGE_INDEX": NOWHERE + "/",
            "ARGOS_INTRA_THREADS": str(self.intra_threads),
            "ARGOS_BEAM_SIZE": str(self.beam_size),
            "http_proxy": NOWHERE, "https_proxy": NOWHERE, "HTTP_PROXY": NOWHERE, "HTTPS_PROXY": NOWHERE,
            "no_proxy": "", "NO_PROXY": "",
            "PYTHONWARNINGS": "ignore",
        }
        if self.metrics:
            env["PROMETHEUS_MULTIPROC_DIR"] = str(self.workdir / "prometheus")
        return env

    def start(self) -> "LibreTranslateServer":
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "prometheus").mkdir(exist_ok=True)
        for stale in (self.workdir / "prometheus").glob("*.db"):
            stale.unlink()
        command = [
            str(libretranslate_bin()), "--host", "127.0.0.1", "--port", str(self.port),
            "--load-only", ",".join(self.load_only), "--threads", str(self.threads),
            "--disable-web-ui", "--disable-files-translation",
        ]
        if self.metrics:
            command.append("--metrics")
        if self.api_keys_db is not None:
            # Keys required: no origin matches the pattern (?!).
            command += ["--api-keys", "--api-keys-db-path", str(self.api_keys_db), "--require-api-key-origin", "(?!)"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=self.workdir, env=self.environment(), stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 90.0) -> "LibreTranslateServer":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"LibreTranslate exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/languages", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"LibreTranslate did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def kill(self) -> None:
        """SIGKILL, like a machine that dies: no goodbye to open connections."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def translate_requests(self) -> int:
        """``POST /translate`` requests this server answered (any status), from its own /metrics."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=10) as response:
            text = response.read().decode("utf-8")
        pattern = re.compile(r'^libretranslate_http_request_duration_seconds_count\{[^}]*endpoint="/translate"[^}]*\}'
                             r" ([0-9.e+]+)$", re.M)
        return int(sum(float(value) for value in pattern.findall(text)))


def add_api_key(db: Path, key: str, requests_per_minute: int) -> None:
    """Register ``key`` with LibreTranslate's own key manager (the database must exist: start a server first)."""
    subprocess.run([str(libretranslate_bin("ltmanage")), "keys", "--api-keys-db-path", str(db), "add",
                    str(requests_per_minute), "--key", key], check=True, capture_output=True,
                   env={"PATH": os.environ.get("PATH", ""), "HOME": str(db.parent), "PYTHONWARNINGS": "ignore"})


def start_servers(servers: list[LibreTranslateServer]) -> list[LibreTranslateServer]:
    """Start several servers at once (each loads its models: seconds), then wait for all."""
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers


# ------------------------------------------------------------------ proxy ---


class FaultProxy:
    """A real HTTP proxy in front of one server that can be told to misbehave.

    ``script`` holds what to answer the next ``POST /translate`` requests, one
    entry each: ``"503"`` (a load balancer's HTML error page), ``"429:2"``
    (JSON error with ``Retry-After: 2``), ``"html"`` (a 200 HTML page),
    ``"short"`` (the server's answer with one translation removed); once empty,
    requests are forwarded unchanged.  ``arrivals`` records ``(time.monotonic(),
    path, what was done)`` of every request.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.script: list[str] = []
        self.arrivals: list[tuple[float, str, str]] = []
        self.lock = threading.Lock()
        self.closed = False
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.relay(None)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.relay(body)

            def relay(self, body):
                if proxy.closed:  # gone: drop even the connections kept alive
                    self.close_connection = True
                    return
                with proxy.lock:
                    action = proxy.script.pop(0) if body is not None and self.path == "/translate" and proxy.script else "forward"
                    proxy.arrivals.append((time.monotonic(), self.path, action))
                if action == "503":
                    return self.answer(503, "text/html", b"<html><head><title>503 Service Temporarily Unavailable"
                                       b"</title></head><body><center><h1>503</h1></center></body></html>")
                if action.startswith("429"):
                    wait = action.partition(":")[2] or "1"
                    return self.answer(429, "application/json", b'{"error": "Slowdown: 60 per 1 minute"}',
                                       {"Retry-After": wait})
                if action == "html":
                    return self.answer(200, "text/html", b"<!doctype html><title>Sign in to the network</title>")
                request = urllib.request.Request(proxy.upstream + self.path, data=body, method=self.command,
                                                 headers={"Content-Type": self.headers.get("Content-Type", "")})
                try:
                    with urllib.request.urlopen(request, timeout=300) as response:
                        status, kind, data = response.status, response.headers.get("Content-Type", ""), response.read()
                except urllib.error.HTTPError as error:
                    status, kind, data = error.code, error.headers.get("Content-Type", ""), error.read()
                if action == "short":
                    answer = json.loads(data)
                    answer["translatedText"] = answer["translatedText"][:-1]
                    data = json.dumps(answer).encode("utf-8")
                self.answer(status, kind, data)

            def answer(self, status, kind, data, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def translate_arrivals(self) -> list[tuple[float, str]]:
        return [(moment, action) for moment, path, action in self.arrivals if path == "/translate"]

    def close(self) -> None:
        """Stop answering, at once: new connections are refused, open ones dropped."""
        self.closed = True
        self.server.shutdown()
        self.server.server_close()
