"""LibreTranslate servers as a translation engine: the same Argos models, on other machines.

LibreTranslate (``libretranslate`` 1.9.6, its own service and environment) serves
Argos packages over HTTP; a deployment is identical stateless instances,
usually behind a load balancer (``deploy/libretranslate/``).  The rules:

- **Endpoints.**  Each endpoint is the base URL of one server or load balancer
  (``https://host[:port][/prefix]``); ``/languages`` and ``/translate`` are
  appended.  Credentials in a URL and the API key never appear in messages.
- **Which pairs exist.**  ``GET /languages`` of every endpoint, concurrently,
  once per run; a pair is sent only to the endpoints that list it.
  LibreTranslate lists Argos's own pivots too (vi-en and en-zh loaded: it
  offers vi->zh by chaining them), so a pair whose two legs through the
  portal's pivot language (English) are both listed is left to the run to
  pivot, through the translation memory of the English run, exactly as with
  installed packages; ``direct_pairs`` names pairs a server has a package of
  its own for.  LibreTranslate calls Argos's ``zh``, ``zt`` and ``pb`` by BCP 47
  tags (``zh-Hans``...); they are mapped back.
- **Model id.**  ``libretranslate:vi_en`` (``@model_version`` when the
  configuration names the servers' package version: the API does not say it,
  and the translation memory is keyed by it).
- **Requests.**  A batch is cut into requests of ``batch_size`` sentences
  (``q`` as a list, ``format: text``, ``api_key`` in the JSON body) queued for
  every endpoint of the pair, ``concurrency`` requests in flight per endpoint:
  a faster server simply takes more of them.  Blank sentences are answered
  ``""`` without a request.
- **Failures.**  Connection errors, timeouts, 429 and 5xx put the request
  back in the queue, for any endpoint, after an exponential backoff
  (``backoff`` doubling per attempt, with jitter, at most ``max_backoff``;
  ``Retry-After`` honoured); the endpoint pauses as long.  A request failing
  more than ``retries`` times stops the run.  An endpoint failing more than
  ``retries`` times in a row (429 aside: it answers) is skipped for the rest
  of the run and the others carry on; when none is left the run stops with an error naming every
  endpoint and why it failed.  Any other status (400, 403 a refused API key,
  404 a wrong URL) and any malformed answer (not JSON, an HTML page, the wrong
  number of translations) stops the run at once: they are configuration
  errors that retrying elsewhere would only hide.
- LibreTranslate unescapes HTML entities and adjusts case and final
  punctuation of what it returns; its output is untrusted model text like
  any other, restored and escaped by the run.
"""

from __future__ import annotations

import html
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from portal.errors import PortalError
from portal.translation.packages import MissingModelError, ModelError

# /languages names three Argos codes by BCP 47 tags (LibreTranslate's language.aliases).
SERVER_CODES = {"zh-hans": "zh", "zh-hant": "zt", "pt-br": "pb"}


class LibreTranslateError(PortalError):
    """The LibreTranslate servers cannot translate: unreachable, refusing, or answering nonsense."""


@dataclass(frozen=True, slots=True)
class LibreTranslateConfig:
    """How to reach and use the servers; passed in (see :mod:`portal.settings`)."""

    endpoints: tuple[str, ...]
    """Base URLs, e.g. ``https://lt1.example.gov.vn``."""
    api_key: str = field(default="", repr=False)
    """Sent with every request when set; never printed."""
    timeout: float = 120.0
    """Seconds to wait for one request's answer."""
    connect_timeout: float = 5.0
    retries: int = 4
    """Retries of one request; an endpoint failing more often in a row is skipped."""
    backoff: float = 0.5
    """Seconds before the first retry; doubles per attempt."""
    max_backoff: float = 30.0
    batch_size: int = 16
    """Sentences per request (LibreTranslate translates them one by one)."""
    concurrency: int = 2
    """Requests in flight per endpoint: about the workers of one server."""
    model_version: str = ""
    """The servers' package version, for the model id (the API does not report it)."""
    direct_pairs: tuple[tuple[str, str], ...] = ()
    """Pairs the servers have a package for although both legs through English are listed."""
    progress: bool = False
    """Show a tqdm bar (only when stderr is a terminal)."""


@dataclass(slots=True)
class EndpointStats:
    """What one endpoint did in this run."""

    url: str
    """As displayed: without credentials."""
    requests: int = 0
    """``POST /translate`` requests sent."""
    sentences: int = 0
    """Sentences translated."""
    failures: int = 0
    down: str = ""
    """Why the endpoint was skipped for the rest of the run; empty while in service."""
    last_error: str = ""
    busy: list[tuple[float, float]] = field(default_factory=list)
    """(start, end) of each answered request, ``time.monotonic()`` seconds."""
    consecutive_failures: int = 0
    paused_until: float = 0.0


@dataclass(frozen=True, slots=True)
class ServerPair:
    """A language pair as the servers name it, and who offers it."""

    source: str
    target: str
    server_source: str
    server_target: str
    endpoints: tuple[str, ...]


def normalise_endpoint(url: str) -> str:
    """``url`` without a trailing slash; refuses what is not an http(s) base URL."""
    text = str(url).strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise LibreTranslateError(f"not a LibreTranslate endpoint: {display_url(text)!r}; "
                                  "expected a base URL like https://lt.example.gov.vn or http://127.0.0.1:5000")
    return text.rstrip("/")


def display_url(url: str) -> str:
    """``url`` with any user:password replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def server_code(code: str) -> str:
    """The Argos code of a ``/languages`` code: ``zh-Hans`` -> ``zh``."""
    return SERVER_CODES.get(code.lower(), code)


class _Retry(Exception):
    """A failure worth trying again (later, maybe elsewhere)."""

    def __init__(self, reason: str, retry_after: float | None = None, endpoint_fault: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.endpoint_fault = endpoint_fault


class _Fatal(Exception):
    """A failure that stops the run."""


def _describe_body(response) -> str:
    """LibreTranslate's ``{"error": ...}``, an HTML page's title, or the start of the text."""
    kind = response.headers.get("Content-Type", "")
    text = response.text or ""
    if "json" in kind:
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            return _clean(data["error"])
    if "html" in kind or re.match(r"\s*<(!doctype|html)", text, re.I):
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        heading = _clean(html.unescape(re.sub(r"<[^>]+>", "", title.group(1)))) if title else ""
        return f"an HTML page{f' ({heading!r})' if heading else ''}, not LibreTranslate's JSON"
    return repr(_clean(text)[:120]) if text.strip() else "an empty body"


def _clean(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:200]


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _reply(response, what: str):
    """The JSON of a 200 answer; raises _Retry or _Fatal otherwise."""
    status = f"{response.status_code} {response.reason or ''}".strip()
    if response.status_code == 429:
        raise _Retry(f"{what}: {status}: {_describe_body(response)}", _retry_after(response), endpoint_fault=False)
    if response.status_code >= 500:
        raise _Retry(f"{what}: {status}: {_describe_body(response)}", _retry_after(response))
    if response.status_code != 200:
        hint = ""
        if response.status_code in (400, 403) and "key" in response.text.lower():
            hint = " (set the key with --api-key or PORTAL_LIBRETRANSLATE_API_KEY)"
        elif response.status_code == 404:
            hint = " (is the endpoint URL right?)"
        raise _Fatal(f"{what}: {status}: {_describe_body(response)}{hint}")
    try:
        return response.json()
    except ValueError:
        raise _Fatal(f"{what}: bad answer: {_describe_body(response)}") from None


def _connection_failure(error: Exception, config: LibreTranslateConfig) -> str:
    import requests

    if isinstance(error, requests.ConnectTimeout):
        return f"no connection within {config.connect_timeout:g} s"
    if isinstance(error, requests.Timeout):
        return f"no answer within {config.timeout:g} s"
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        for known in ("Connection refused", "Connection reset", "Name or service not known",
                      "Remote end closed connection", "No route to host", "Network is unreachable"):
            if known.lower() in text.lower():
                return known.lower()
        return "connection failed"
    return f"{type(error).__name__}: {_clean(str(error))[:120]}"


class LibreTranslateServers:
    """The configured LibreTranslate endpoints: an :class:`~portal.translation.backends.Engine`.

    Holds what every pair shares: the endpoints' state (one skipped for a pair
    is skipped for all) and their ``/languages``, read on first use.
    """

    def __init__(self, config: LibreTranslateConfig, pivot: str = "en") -> None:
        if not config.endpoints:
            raise LibreTranslateError("no LibreTranslate endpoint configured")
        urls = tuple(dict.fromkeys(normalise_endpoint(url) for url in config.endpoints))
        self.config = config
        self.pivot = pivot
        """The language the run pivots through (the portal's ``pivot_language``)."""
        self.urls = urls
        self.stats = {url: EndpointStats(display_url(url)) for url in urls}
        self.warnings: list[str] = []
        self._pairs: dict[tuple[str, str], ServerPair] | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------- engine ---

    def model_id(self, source: str, target: str) -> str | None:
        pairs = self.pairs()
        if (source, target) not in pairs or self.pivots(source, target):
            return None
        version = f"@{self.config.model_version}" if self.config.model_version else ""
        return f"libretranslate:{source}_{target}{version}"

    def backend(self, source: str, target: str) -> "LibreTranslateBackend":
        pair = self.pairs().get((source, target))
        if pair is None:
            raise self.missing(source, target, None)
        return LibreTranslateBackend(self, pair)

    def missing(self, source: str, target: str, pivot: str | None) -> MissingModelError:
        return MissingServerPairError(source, target, pivot, self)

    def pivots(self, source: str, target: str) -> bool:
        """Whether a listed pair is better translated through English by the run (see the module rules)."""
        pairs = self.pairs()
        return (
            self.pivot not in (source, target)
            and (source, target) not in self.config.direct_pairs
            and (source, self.pivot) in pairs
            and (self.pivot, target) in pairs
        )

    # ---------------------------------------------------------- /languages ---

    def pairs(self) -> dict[tuple[str, str], ServerPair]:
        """Every pair some endpoint lists; endpoints that do not answer are skipped."""
        if self._pairs is None:
            with ThreadPoolExecutor(max_workers=len(self.urls)) as pool:
                listed = dict(zip(self.urls, pool.map(self._languages, self.urls)))
            fatal = [answer for answer in listed.values() if isinstance(answer, _Fatal)]
            if fatal:
                raise LibreTranslateError(str(fatal[0]))
            if all(self.stats[url].down for url in self.urls):
                raise LibreTranslateError(
                    "no LibreTranslate server answered GET /languages: " + self.describe_endpoints())
            names: dict[tuple[str, str], tuple[str, str]] = {}  # the servers' own codes
            offered_by: dict[tuple[str, str], list[str]] = {}
            for url, languages in listed.items():
                if isinstance(languages, Exception):
                    continue
                for source_code, target_code in languages:
                    pair = (server_code(source_code), server_code(target_code))
                    if pair[0] != pair[1]:  # Argos lists every language to itself
                        names.setdefault(pair, (source_code, target_code))
                        offered_by.setdefault(pair, []).append(url)
            self._pairs = {pair: ServerPair(*pair, *names[pair], tuple(offered_by[pair])) for pair in sorted(names)}
        return self._pairs

    def _languages(self, url: str):
        """[(source, target)] listed by one endpoint, after retries; an exception when it fails."""
        import requests

        what = "GET /languages"
        stats = self.stats[url]
        attempt = 0
        with requests.Session() as session:
            while True:
                attempt += 1
                try:
                    try:
                        response = session.get(f"{url}/languages",
                                               timeout=(self.config.connect_timeout, self.config.timeout))
                    except requests.RequestException as error:
                        raise _Retry(f"{what}: {_connection_failure(error, self.config)}") from None
                    return _parse_languages(_reply(response, what), what)
                except _Fatal as error:
                    return _Fatal(f"{stats.url}: {error}")
                except _Retry as error:
                    with self._lock:
                        stats.failures += 1
                        stats.last_error = error.reason
                        if attempt > self.config.retries:
                            self._skip(url, f"{error.reason} ({attempt} attempts)")
                            return error
                    time.sleep(self._delay(attempt, error.retry_after))

    # ---------------------------------------------------------- /translate ---

    def translate(self, pair: ServerPair, sentences: list[str]) -> list[str]:
        """Translations of ``sentences`` (one per input, in order) by the endpoints offering ``pair``."""
        out = [""] * len(sentences)
        todo = [i for i, sentence in enumerate(sentences) if sentence.strip()]
        if not todo:
            return out
        size = max(1, self.config.batch_size)
        chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
        for chunk, translations in zip(chunks, _Dispatch(self, pair, sentences, chunks).run()):
            for index, translation in zip(chunk, translations):
                out[index] = translation
        return out

    def requests_sent(self) -> int:
        return sum(stats.requests for stats in self.stats.values())

    def post(self, session, url: str, pair: ServerPair, batch: list[str]) -> list[str]:
        """One ``POST /translate``; raises _Retry or _Fatal."""
        import requests

        what = "POST /translate"
        payload = {"q": batch, "source": pair.server_source, "target": pair.server_target, "format": "text"}
        if self.config.api_key:
            payload["api_key"] = self.config.api_key
        try:
            response = session.post(f"{url}/translate", json=payload,
                                    timeout=(self.config.connect_timeout, self.config.timeout))
        except requests.RequestException as error:
            raise _Retry(f"{what}: {_connection_failure(error, self.config)}") from None
        data = _reply(response, what)
        translations = data.get("translatedText") if isinstance(data, dict) else None
        if not isinstance(translations, list) or not all(isinstance(t, str) for t in translations):
            raise _Fatal(f"{what}: bad answer: no list of strings in 'translatedText' "
                         f"(got {_clean(str(data))[:120]!r})")
        if len(translations) != len(batch):
            raise _Fatal(f"{what}: bad answer: {len(translations)} translations for {len(batch)} sentences")
        return translations

    # ------------------------------------------------------------- health ---

    def _delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Exponential backoff with jitter, at least ``Retry-After``, at most ``max_backoff``."""
        delay = self.config.backoff * 2 ** (attempt - 1) * random.uniform(0.75, 1.0)
        return min(self.config.max_backoff, max(delay, retry_after or 0.0))

    def _skip(self, url: str, reason: str) -> None:
        """Take an endpoint out of service for the rest of the run (call with the lock held)."""
        stats = self.stats[url]
        if not stats.down:
            stats.down = reason
            self.warnings.append(f"LibreTranslate endpoint {stats.url} skipped for the rest of the run: {reason}")

    def describe_endpoints(self, urls: tuple[str, ...] | None = None) -> str:
        """``url (why it failed), ...`` for error messages."""
        parts = []
        for url in urls or self.urls:
            stats = self.stats[url]
            parts.append(f"{stats.url} ({stats.down or stats.last_error or 'in service'})")
        return "; ".join(parts)


def _parse_languages(data, what: str) -> list[tuple[str, str]]:
    """[(source, target)] of a ``/languages`` answer; raises _Fatal when it is not one."""
    pairs = []
    if not isinstance(data, list):
        raise _Fatal(f"{what}: bad answer: not LibreTranslate's list of languages")
    for item in data:
        code = item.get("code") if isinstance(item, dict) else None
        targets = item.get("targets") if isinstance(item, dict) else None
        if not isinstance(code, str) or not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise _Fatal(f"{what}: bad answer: a language without 'code' and 'targets': {_clean(str(item))[:120]!r}")
        pairs += [(code, target) for target in targets]
    return pairs


@dataclass(slots=True)
class _Job:
    """One request's worth of sentences."""

    number: int
    chunk: list[int]
    attempts: int = 0
    not_before: float = 0.0
    failed_on: set[str] = field(default_factory=set)


class _Dispatch:
    """One batch spread over the endpoints of a pair: a shared queue, workers per endpoint."""

    def __init__(self, servers: LibreTranslateServers, pair: ServerPair, sentences: list[str], chunks: list[list[int]]):
        self.servers = servers
        self.config = servers.config
        self.pair = pair
        self.sentences = sentences
        self.queue: deque[_Job] = deque(_Job(n, chunk) for n, chunk in enumerate(chunks))
        self.results: dict[int, list[str]] = {}
        """Translations of each chunk, by chunk number."""
        self.total = len(chunks)
        self.fatal: str | None = None
        self.condition = threading.Condition(servers._lock)
        self.in_flight = dict.fromkeys(pair.endpoints, 0)
        self.progress = None

    def run(self) -> list[list[str]]:
        """The translations of every chunk, in order; raises LibreTranslateError."""
        live = [url for url in self.pair.endpoints if not self.servers.stats[url].down]
        if not live:
            raise self._all_down()
        if self.config.progress and sys.stderr.isatty() and len(self.sentences) > 4 * self.config.batch_size:
            from tqdm import tqdm

            self.progress = tqdm(total=sum(len(job.chunk) for job in self.queue), unit="sent",
                                 desc=f"{self.pair.source}-{self.pair.target}", leave=False)
        try:
            for url in live:
                for _ in range(max(1, self.config.concurrency)):
                    threading.Thread(target=self._work, args=(url,), daemon=True,
                                     name=f"libretranslate {self.servers.stats[url].url}").start()
            with self.condition:
                # Workers still waiting on an answer after a fatal error finish on their own.
                self.condition.wait_for(lambda: self.fatal is not None or len(self.results) == self.total)
                if self.fatal is not None:
                    raise LibreTranslateError(self.fatal)
        finally:
            if self.progress is not None:
                self.progress.close()
        return [self.results[number] for number in range(self.total)]

    def _all_down(self) -> LibreTranslateError:
        return LibreTranslateError(
            f"no LibreTranslate server could translate {self.pair.source}->{self.pair.target}: "
            + self.servers.describe_endpoints(self.pair.endpoints))

    def _next(self, url: str) -> _Job | None:
        """The next job for ``url`` (waiting while there is none yet); None when the worker should stop."""
        stats = self.servers.stats[url]
        while True:
            if self.fatal is not None or len(self.results) == self.total or stats.down:
                return None
            now = time.monotonic()
            ready = [job for job in self.queue if job.not_before <= now]
            if stats.paused_until <= now and ready:
                if self._less_busy_elsewhere(url, now):
                    # Let the endpoint with fewer requests in flight take it: a few
                    # requests are spread too, not all sent to whoever asks first.
                    self.condition.wait(0.05)
                    continue
                # Rather a job that has not failed here already.
                job = next((job for job in ready if url not in job.failed_on), ready[0])
                self.queue.remove(job)
                self.in_flight[url] += 1
                self.condition.notify_all()
                return job
            moments = [job.not_before for job in self.queue] + [stats.paused_until]
            later = [moment - now for moment in moments if moment > now]
            self.condition.wait(min(later) if later else None)

    def _less_busy_elsewhere(self, url: str, now: float) -> bool:
        """Whether another endpoint in service, not paused, has fewer requests in flight (and a free worker)."""
        stats = self.servers.stats
        return any(
            other != url and not stats[other].down and stats[other].paused_until <= now
            and self.in_flight[other] < min(self.in_flight[url], self.config.concurrency)
            for other in self.pair.endpoints
        )

    def _work(self, url: str) -> None:
        import requests

        stats = self.servers.stats[url]
        with requests.Session() as session:
            while True:
                with self.condition:
                    job = self._next(url)
                    if job is None:
                        self._check_all_down()
                        return
                    stats.requests += 1
                batch = [self.sentences[i] for i in job.chunk]
                started = time.monotonic()
                try:
                    translations = self.servers.post(session, url, self.pair, batch)
                except _Fatal as error:
                    with self.condition:
                        self.in_flight[url] -= 1
                        stats.failures += 1
                        stats.last_error = str(error)
                        self.fatal = self.fatal or f"{stats.url}: {error}"
                        self.condition.notify_all()
                    return
                except _Retry as error:
                    with self.condition:
                        self.in_flight[url] -= 1
                        self._failed(url, job, error)
                        self.condition.notify_all()
                    continue
                with self.condition:
                    self.in_flight[url] -= 1
                    stats.sentences += len(batch)
                    stats.consecutive_failures = 0
                    stats.busy.append((started, time.monotonic()))
                    self.results[job.number] = translations
                    if self.progress is not None:
                        self.progress.update(len(batch))
                    self.condition.notify_all()

    def _failed(self, url: str, job: _Job, error: _Retry) -> None:
        """Requeue ``job`` after a backoff, pause the endpoint; skip it or stop the run when that is due."""
        stats = self.servers.stats[url]
        stats.failures += 1
        stats.last_error = error.reason
        job.attempts += 1
        job.failed_on.add(url)
        delay = self.servers._delay(job.attempts, error.retry_after)
        now = time.monotonic()
        if error.endpoint_fault:
            stats.consecutive_failures += 1
            if stats.consecutive_failures > self.config.retries:
                self.servers._skip(url, f"{error.reason} ({stats.consecutive_failures} failures in a row)")
        stats.paused_until = max(stats.paused_until, now + self.servers._delay(max(1, stats.consecutive_failures),
                                                                              error.retry_after))
        if job.attempts > self.config.retries:
            self.fatal = self.fatal or (f"{stats.url}: {error.reason}; gave up on {len(job.chunk)} sentence(s) "
                                        f"after {job.attempts} attempts")
            return
        job.not_before = now + delay
        self.queue.appendleft(job)
        self._check_all_down()

    def _check_all_down(self) -> None:
        """Stop the run when no endpoint of the pair is left in service while work remains."""
        if self.fatal is None and len(self.results) < self.total and all(
                self.servers.stats[url].down for url in self.pair.endpoints):
            self.fatal = str(self._all_down())
            self.condition.notify_all()


class LibreTranslateBackend:
    """One language pair on the LibreTranslate servers, as a :class:`~portal.translation.backends.Backend`."""

    def __init__(self, servers: LibreTranslateServers, pair: ServerPair) -> None:
        self.servers = servers
        self.pair = pair
        self.calls = 0
        """``POST /translate`` requests sent for this pair, retries included."""
        self.sentences = 0
        """Sentences sent to the servers (blank ones are answered here)."""

    def translate_batch(self, sentences: list[str]) -> list[str]:
        before = self.servers.requests_sent()
        try:
            return self.servers.translate(self.pair, list(sentences))
        finally:
            self.calls += self.servers.requests_sent() - before
            self.sentences += sum(1 for sentence in sentences if sentence.strip())


class MissingServerPairError(MissingModelError):
    """No endpoint lists a language pair (nor a route through the pivot language)."""

    def __init__(self, source: str, target: str, pivot: str | None, servers: LibreTranslateServers):
        self.from_code, self.to_code = source, target
        listed = ", ".join(f"{a}->{b}" for a, b in servers.pairs()) or "nothing"
        route = f" (nor {source}->{pivot} plus {pivot}->{target} to pivot through it)" if pivot else ""
        endpoints = ", ".join(stats.url for stats in servers.stats.values())
        ModelError.__init__(
            self,
            f"no LibreTranslate server offers {source}->{target}{route}: {endpoints} list {listed}; "
            f"load the packages on the servers (LT_LOAD_ONLY, see deploy/libretranslate/README.md)",
        )
