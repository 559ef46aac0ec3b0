"""The pipeline against real LibreTranslate servers (``lt_pair``: two servers on 127.0.0.1
serving the generated vi-en and en-zh packages, API key required).

Failures come from real servers (killed, refusing a key, rate limiting, a wrong
URL) or from :class:`FaultProxy`, a real proxy in front of a real server that
answers like a failing load balancer.  Nothing is mocked.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from libretranslate_servers import FaultProxy, free_port
from portal_projects import mkdocs_yml
from translate_helpers import FIXTURES, LT_API_KEY, LT_SLOW_KEY, StubGlossary, lt_config, make_project

from portal.cli import main
from portal.translation.backends.libretranslate import LibreTranslateError, LibreTranslateServers
from portal.translation.packages import MissingModelError
from portal.translation.run import BackendStacks, TranslateConfig, translate_pages

REPO = Path(__file__).resolve().parents[2]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def run(project, config, paths=(), glossary=None, stacks=None):
    return translate_pages(project, [project.root / p for p in paths], config, glossary=glossary, stacks=stacks)


def through(*endpoints, **options) -> TranslateConfig:
    return TranslateConfig(libretranslate=lt_config(*endpoints, **options))


def stacks_for(project, config: TranslateConfig) -> BackendStacks:
    return BackendStacks(project, engine=LibreTranslateServers(config.libretranslate))


@pytest.fixture
def proxy(lt_pair):
    """A FaultProxy in front of the first server."""
    proxy = FaultProxy(lt_pair[0].url)
    yield proxy
    proxy.close()


@pytest.fixture
def seed_project(tmp_path):
    """The repository's plans and decisions (about 600 sentences): a run that lasts a few seconds."""
    plans = REPO / "docs/vi/plans"
    pages = {f"plans/{p.relative_to(plans).as_posix()}": p.read_text(encoding="utf-8") for p in plans.rglob("*.md")}
    return make_project(tmp_path / "seeds", pages)


SEED_RUN = dict(targets=("en",), force=True)  # force: the OCR-damaged notice too


def test_pairs_come_from_the_servers_languages(lt_pair):
    servers = LibreTranslateServers(lt_config(*(s.url for s in lt_pair)))
    # Argos lists its own vi->zh pivot; LibreTranslate calls zh "zh-Hans".
    assert {pair: (p.server_source, p.server_target) for pair, p in servers.pairs().items()} == {
        ("en", "zh"): ("en", "zh-Hans"), ("vi", "en"): ("vi", "en"), ("vi", "zh"): ("vi", "zh-Hans")}
    assert all(p.endpoints == tuple(s.url for s in lt_pair) for p in servers.pairs().values())
    assert servers.model_id("vi", "en") == "libretranslate:vi_en"
    assert servers.model_id("vi", "zh") is None  # left to the run's pivot through the English memory
    assert servers.model_id("en", "vi") is None
    declared = LibreTranslateServers(lt_config(lt_pair[0].url, direct_pairs=(("vi", "zh"),), model_version="1.9"))
    assert declared.model_id("vi", "zh") == "libretranslate:vi_zh@1.9"


def test_pages_through_the_servers_keep_structure_and_glossary(project, lt_pair):
    before = [server.translate_requests() for server in lt_pair]
    summary = run(project, through(*(s.url for s in lt_pair)), glossary=StubGlossary())
    assert summary.pages_written == 4 and summary.messages == []
    for lang, model in (("en", "libretranslate:vi_en"), ("zh", "libretranslate:vi_en+libretranslate:en_zh")):
        page = project.root / f"docs/{lang}/index.md"
        record = front_matter(page)["translation"]
        assert record["model"] == model and record["status"] == "machine" and record["segments"] > 20
        text = page.read_text(encoding="utf-8")
        for kept in ("72/2015/NĐ-CP", "07/9/2015", "{ #ke-hoach .lead }", 'print("không dịch mã")',
                     "[home]: https://hanoi.gov.vn", "!!! note", "img/map.png", "| 1.000.000 |"):
            assert kept in text, (lang, kept)
        body = text.split("\n---\n", 1)[1]
        for term in StubGlossary.TERMS.values():  # protected terms went through as placeholders
            assert term[lang] in body
    served = [server.translate_requests() - count for server, count in zip(lt_pair, before)]
    assert all(served) and sum(served) == summary.model_calls


def test_unchanged_rerun_sends_no_request(project, lt_pair):
    config = through(*(s.url for s in lt_pair))
    first = run(project, config, glossary=StubGlossary())
    before = [server.translate_requests() for server in lt_pair]
    second = run(project, config, glossary=StubGlossary())
    assert second.model_calls == 0 and second.translated == 0 and second.reused == first.segments
    assert second.pages_unchanged == 4
    assert [server.translate_requests() for server in lt_pair] == before  # the servers saw nothing


def test_pivot_reuses_the_english_run_through_the_servers(project, lt_pair):
    config = through(*(s.url for s in lt_pair))
    stacks = stacks_for(project, config)
    summary = run(project, config, stacks=stacks)
    vi_en, en_zh = stacks.models["libretranslate:vi_en"], stacks.models["libretranslate:en_zh"]
    assert vi_en.sentences == summary.languages["en"].translated  # not translated twice for zh
    assert "libretranslate:vi_zh" not in stacks.models  # the servers' own pivot is not used
    assert summary.languages["zh"].model == "libretranslate:vi_en+libretranslate:en_zh"
    # zh alone, later: vi->en comes from the memory; the servers only see en->zh requests.
    (project.root / "docs/zh/index.md").unlink()
    before = sum(server.translate_requests() for server in lt_pair)
    stacks = stacks_for(project, config)
    again = run(project, TranslateConfig(targets=("zh",), libretranslate=config.libretranslate),
                ["docs/vi/index.md"], stacks=stacks)
    assert again.pages_written == 1 and stacks.models["libretranslate:vi_en"].calls == 0
    assert sum(server.translate_requests() for server in lt_pair) - before == again.model_calls


def test_requests_are_spread_over_both_servers_at_once(project, lt_pair):
    before = [server.translate_requests() for server in lt_pair]
    engine = LibreTranslateServers(lt_config(*(s.url for s in lt_pair), batch_size=2))
    run(project, TranslateConfig(libretranslate=engine.config), stacks=BackendStacks(project, engine=engine))
    a, b = (engine.stats[server.url] for server in lt_pair)
    assert a.requests > 3 and b.requests > 3 and a.failures == b.failures == 0
    # Each server counted exactly the requests sent to it.
    assert [server.translate_requests() - count for server, count in zip(lt_pair, before)] == [a.requests, b.requests]
    overlapping = [(x, y) for x in a.busy for y in b.busy if x[0] < y[1] and y[0] < x[1]]
    assert overlapping, "no request to one server ran while another was answered by the other"


def test_two_requests_go_to_two_servers(lt_pair):
    """A small batch is spread too, not sent to the endpoint whose workers asked first."""
    engine = LibreTranslateServers(lt_config(*(s.url for s in lt_pair), batch_size=2, concurrency=4))
    out = engine.backend("vi", "en").translate_batch(["Một.", "Hai.", "Ba.", "Bốn."])
    assert len(out) == 4 and all(out)
    assert [engine.stats[server.url].requests for server in lt_pair] == [1, 1]


def test_5xx_is_retried_with_growing_backoff(project, proxy):
    proxy.script = ["503", "503"]
    engine = LibreTranslateServers(lt_config(proxy.url, concurrency=1, backoff=0.2))
    summary = run(project, TranslateConfig(targets=("en",), libretranslate=engine.config), ["docs/vi/plans/plain.md"],
                  stacks=BackendStacks(project, engine=engine))
    assert summary.pages_written == 1 and engine.stats[proxy.url].failures == 2
    (t0, first), (t1, second), (t2, third) = proxy.translate_arrivals()[:3]
    assert (first, second, third) == ("503", "503", "forward")
    assert t1 - t0 >= 0.2 * 0.75 and t2 - t1 >= 0.4 * 0.75  # jittered 0.2 s, then 0.4 s


def test_429_waits_as_long_as_retry_after_says(project, proxy):
    proxy.script = ["429:1"]
    summary = run(project, TranslateConfig(targets=("en",), libretranslate=lt_config(proxy.url, concurrency=1)),
                  ["docs/vi/plans/plain.md"])
    assert summary.pages_written == 1
    (t0, first), (t1, second) = proxy.translate_arrivals()[:2]
    assert (first, second) == ("429:1", "forward") and t1 - t0 >= 1.0


def test_rate_limit_of_the_key_is_reported_after_retries(project, lt_pair):
    """A real 429: the key may send 2 requests a minute."""
    config = through(lt_pair[0].url, api_key=LT_SLOW_KEY, batch_size=1, concurrency=1, retries=2)
    with pytest.raises(LibreTranslateError) as caught:
        run(project, config, ["docs/vi/plans/plain.md"])
    message = str(caught.value)
    assert message.startswith(f"{lt_pair[0].url}: POST /translate: 429 TOO MANY REQUESTS: Slowdown: 2 per 1 minute")
    assert "gave up on 1 sentence(s) after 3 attempts" in message
    assert LT_SLOW_KEY not in message.replace("Slowdown", "")


def test_a_server_killed_mid_run_is_skipped_while_the_other_finishes(seed_project, lt_pair, start_lt_server):
    victim = start_lt_server()
    survivor = lt_pair[0]
    engine = LibreTranslateServers(lt_config(survivor.url, victim.url, batch_size=2))
    outcome = {}

    def translate():
        try:
            outcome["summary"] = run(seed_project, TranslateConfig(**SEED_RUN, libretranslate=engine.config),
                                     stacks=BackendStacks(seed_project, engine=engine))
        except Exception as error:  # reported below
            outcome["error"] = error

    worker = threading.Thread(target=translate)
    worker.start()
    deadline = time.monotonic() + 60
    while not engine.stats[victim.url].sentences and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    victim.kill()
    worker.join(timeout=300)
    assert "error" not in outcome, outcome.get("error")
    summary = outcome["summary"]
    assert summary.pages_written == len(list((seed_project.root / "docs/vi").rglob("*.md")))
    dead, alive = engine.stats[victim.url], engine.stats[survivor.url]
    assert dead.sentences > 0 and dead.failures > 0, "the server was not killed mid-run"
    assert dead.down.startswith("POST /translate: connection ") and "failures in a row" in dead.down
    assert alive.down == "" and alive.sentences > dead.sentences
    assert any(f"{victim.url} skipped for the rest of the run" in m for m in summary.messages)


def test_when_no_server_answers_the_error_names_every_endpoint(project):
    urls = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    with pytest.raises(LibreTranslateError) as caught:
        run(project, through(*urls, retries=1))
    message = str(caught.value)
    assert message.startswith("no LibreTranslate server answered GET /languages: ")
    for url in urls:
        assert f"{url} (GET /languages: connection refused (2 attempts))" in message


def test_the_last_server_dying_mid_run_stops_it_with_a_clear_error(seed_project, proxy):
    engine = LibreTranslateServers(lt_config(proxy.url, batch_size=2, retries=2))
    outcome = {}

    def translate():
        try:
            run(seed_project, TranslateConfig(**SEED_RUN, libretranslate=engine.config),
                stacks=BackendStacks(seed_project, engine=engine))
        except Exception as error:
            outcome["error"] = error

    worker = threading.Thread(target=translate)
    worker.start()
    while not engine.stats[proxy.url].sentences and worker.is_alive():
        time.sleep(0.005)
    proxy.close()  # the only endpoint (a load balancer, say) goes away
    worker.join(timeout=120)
    error = outcome.get("error")
    assert isinstance(error, LibreTranslateError), error
    assert str(error).startswith(f"no LibreTranslate server could translate vi->en: {proxy.url} (POST /translate: ")
    assert "failures in a row" in str(error)
    assert not list((seed_project.root / "docs/en").rglob("*.md"))  # nothing half-written


@pytest.mark.parametrize(("script", "problem"), [
    (["short"], "POST /translate: bad answer: 3 translations for 4 sentences"),
    (["html"], "POST /translate: bad answer: an HTML page ('Sign in to the network'), not LibreTranslate's JSON"),
    (["503"] * 4, "POST /translate: 503 Service Unavailable: an HTML page ('503 Service Temporarily Unavailable'), "
                  "not LibreTranslate's JSON; gave up on 4 sentence(s) after 4 attempts"),
])
def test_bad_answers_are_reported_clearly(project, proxy, script, problem):
    proxy.script = script
    with pytest.raises(LibreTranslateError) as caught:
        run(project, through(proxy.url, concurrency=1), ["docs/vi/plans/plain.md"])
    assert str(caught.value) == f"{proxy.url}: {problem}"


def test_a_wrong_endpoint_url_gets_the_servers_404_page(project, lt_pair):
    url = lt_pair[0].url + "/translate-api"
    with pytest.raises(LibreTranslateError) as caught:
        run(project, through(url))
    assert str(caught.value) == (f"{url}: GET /languages: 404 NOT FOUND: an HTML page ('404 Not Found'), "
                                 "not LibreTranslate's JSON (is the endpoint URL right?)")


@pytest.mark.parametrize(("key", "problem"), [
    ("not-a-key", "403 FORBIDDEN: Invalid API key"),
    ("", "400 BAD REQUEST: Please contact the server operator to get an API key"),
])
def test_a_refused_api_key_stops_the_run(project, lt_pair, key, problem):
    with pytest.raises(LibreTranslateError) as caught:
        run(project, through(lt_pair[0].url, api_key=key))
    assert str(caught.value) == (f"{lt_pair[0].url}: POST /translate: {problem} "
                                 "(set the key with --api-key or PORTAL_LIBRETRANSLATE_API_KEY)")


def test_a_pair_no_server_offers(project, lt_pair):
    servers = LibreTranslateServers(lt_config(lt_pair[0].url))
    with pytest.raises(MissingModelError) as caught:
        BackendStacks(project, engine=servers).stack("vi", "fr")
    assert str(caught.value).startswith(
        f"no LibreTranslate server offers vi->fr (nor vi->en plus en->fr to pivot through it): {lt_pair[0].url} "
        "list en->zh, vi->en, vi->zh")


def test_cli_translate_and_list_through_the_servers(project, lt_pair, monkeypatch):
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_LIBRETRANSLATE_API_KEY", LT_API_KEY)
    endpoints = [arg for server in lt_pair for arg in ("--endpoint", server.url)]
    result = CliRunner().invoke(main, ["models", "list", "--json", "--backend", "libretranslate", *endpoints])
    assert result.exit_code == 0, result.output
    rows = {row["pair"]: row for row in json.loads(result.stdout)}
    assert rows["vi-en"]["route"] == "direct" and rows["vi-en"]["endpoints"] == [s.url for s in lt_pair]
    assert rows["vi-zh"] == {"pair": "vi-zh", "model": "libretranslate:vi_en+libretranslate:en_zh",
                             "route": "through en", "endpoints": [s.url for s in lt_pair]}
    result = CliRunner().invoke(main, ["translate", "--json", "--backend", "libretranslate", *endpoints])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["pages_written"] == 4 and summary["languages"]["en"]["model"] == "libretranslate:vi_en"
    assert LT_API_KEY not in result.output


def test_cli_reads_the_servers_from_mkdocs_yml(tmp_path, lt_pair, monkeypatch):
    project = make_project(tmp_path / "site", {"index.md": (FIXTURES / "plain.md").read_text(encoding="utf-8")})
    (project.root / "mkdocs.yml").write_text(mkdocs_yml(extra=(
        "extra:\n  portal:\n    translation:\n      backend: libretranslate\n"
        f"      libretranslate:\n        endpoints: [{lt_pair[0].url}, {lt_pair[1].url}]\n"
        "        api_key: !ENV PORTAL_LIBRETRANSLATE_API_KEY\n        batch_size: 2\n")), encoding="utf-8")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("PORTAL_LIBRETRANSLATE_API_KEY", LT_API_KEY)
    result = CliRunner().invoke(main, ["translate", "--quiet", "--to", "en"])
    assert result.exit_code == 0, result.output
    assert front_matter(project.root / "docs/en/index.md")["translation"]["model"] == "libretranslate:vi_en"


def test_cli_reports_unreachable_servers_without_a_traceback(tmp_path, monkeypatch):
    project = make_project(tmp_path / "site", {"index.md": "Một câu.\n"})
    (project.root / "mkdocs.yml").write_text(mkdocs_yml(extra=(
        "extra:\n  portal:\n    translation:\n      libretranslate:\n        retries: 0\n")), encoding="utf-8")
    monkeypatch.chdir(project.root)
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["translate", "--backend", "libretranslate", "--endpoint", url])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"portal: error: no LibreTranslate server answered GET /languages: {url} (" in result.output
