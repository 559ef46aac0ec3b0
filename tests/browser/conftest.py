"""A real browser on the built portal: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portal_projects import PUBLIC_PATH


class SubPathHandler(SimpleHTTPRequestHandler):
    """The built site under PUBLIC_PATH, as a web server hosting it there would serve it:
    each language's 404 page for a missing address in that language (nginx's error_page)."""

    languages: tuple[str, ...] = ()

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PUBLIC_PATH):
            return str(Path(self.directory) / ".outside-the-sub-path")  # nothing is served there
        return super().translate_path("/" + path[len(PUBLIC_PATH):])

    def send_error(self, code, message=None, explain=None):
        if code != HTTPStatus.NOT_FOUND:
            return super().send_error(code, message, explain)
        rest = self.path[len(PUBLIC_PATH):] if self.path.startswith(PUBLIC_PATH) else ""
        lang = rest.split("/", 1)[0]
        page = Path(self.directory) / (f"{lang}/404.html" if lang in self.languages else "404.html")
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(built_site, repo_root):
    """The built site served on a free localhost port, under the public address's sub-path."""
    from portal.project import Project

    languages = Project(repo_root).languages
    handler = type("Handler", (SubPathHandler,), {"languages": languages.target_codes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PUBLIC_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
