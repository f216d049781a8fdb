"""/dashboard in a real headless Chromium, on real ``simulate`` and ``serve`` processes.

Needs Debian's ``chromium`` and ``chromium-driver`` (``scripts/check`` installs them when it runs
as root) and ``selenium`` (the ``dev`` extra). Without them the tests are skipped, except in CI
(``CI=true``), where they fail. The screenshot lands in ``test-artifacts/dashboard.png``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Proc, http, start, stop

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
KEY = "ry-dashboard-key-0123456789"
# A model name with markup in it: the page must show it as text, never build elements from it.
MARKUP_MODEL = "<em>tiny</em>"

CONFIG = """\
version: 1
server:
  client_keys:
    - id: dash
      sha256: {key_hash}
providers:
  oa: {{kind: openai, base_url: "{sim}/v1", api_key: sk-provider-secret}}
models:
  "{markup}": {{provider: oa, model: sim-small, price: {{input: 0.15, output: 0.6}}}}
  medium: {{provider: oa, model: sim-medium, price: {{input: 1, output: 4}}}}
  large: {{provider: oa, model: sim-large, price: {{input: 3, output: 15}}}}
policy:
  version: dash-1
  baseline: large
  default_route: general
  routes:
    - name: code
      when: {{any: [code]}}
      candidates: [medium, large]
    - name: general
      candidates: ["{markup}", medium, large]
observe:
  request_log: {{path: "{db}"}}
"""

GENERAL = ["What is the capital of Peru?", "Who wrote Pride and Prejudice?", "What is HTTP?"]
CODE = ["Write a Python function that merges two sorted lists.", "Fix this code: ```x = [1,```"]


def _browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install -e '.[dev]')")
    if missing:
        message = f"headless Chromium test needs {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (scripts/check installs them as root)")
        pytest.skip(message + " (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="routeyard-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        # Without these Chromium keeps trying the network, and hangs on a closed one.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def dash_gateway(simulator: Proc, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    folder = tmp_path_factory.mktemp("dash")
    cfg = folder / "routeyard.yaml"
    cfg.write_text(
        CONFIG.format(
            sim=simulator.url,
            key_hash=hashlib.sha256(KEY.encode()).hexdigest(),
            markup=MARKUP_MODEL,
            db=folder / "requests.db",
        )
    )
    p = start(["serve", "-c", str(cfg), "--port", "0"])
    yield p
    stop(p)


def _send(url: str, prompts: list[str]) -> None:
    from openai import OpenAI

    with OpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0) as client:
        for i, text in enumerate(prompts):
            messages: Any = [{"role": "user", "content": text}]
            if i % 3 == 2:  # some streams too
                stream = client.chat.completions.create(
                    model="auto", messages=messages, stream=True
                )
                assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
            else:
                assert client.chat.completions.create(model="auto", messages=messages).choices


def _logged(url: str, since: float) -> int:
    r = http("GET", f"{url}/routeyard/dashboard.json?since={since}", None, _auth())
    assert r.status == 200, r.body
    data = r.json()
    return 0 if data["log"] is None else int(data["log"]["totals"]["requests"])


def _auth() -> dict[str, str]:
    return {"authorization": f"Bearer {KEY}"}


def _wait(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _text(driver: Any, css: str) -> str:
    """The text of what ``css`` matches; read again if the live page replaced an element
    between finding and reading it."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    for _ in range(5):
        try:
            return "\n".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css))
        except StaleElementReferenceException:
            time.sleep(0.05)
    return "\n".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css))


def _severe_console_messages(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _screenshot(driver: Any, name: str) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(6000, int(height) + 40))
    time.sleep(0.4)  # the page redraws its charts 150 ms after a resize
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    return path


def test_dashboard_shows_the_request_log_live(browser: Any, dash_gateway: Proc) -> None:
    from selenium.webdriver.common.by import By

    url = dash_gateway.url
    started = time.time() - 1
    _send(url, GENERAL * 2 + CODE * 2)  # 6 general, 4 code; 3 of them streamed
    sent = len(GENERAL) * 2 + len(CODE) * 2
    _wait("the log writer", lambda: _logged(url, started) == sent)

    browser.get(f"{url}/dashboard?window=15m")
    # The data needs a client key, as /routeyard/stats does: the page asks for one.
    form = _wait("the key form", lambda: browser.find_elements(By.ID, "auth"))
    assert "client key" in form[0].text
    browser.get_log("browser")  # drains the log: that 401 was the expected one
    browser.find_element(By.ID, "key").send_keys(KEY)
    browser.find_element(By.CSS_SELECTOR, "#auth button").click()
    _wait("the data", lambda: browser.find_elements(By.CSS_SELECTOR, "body[data-loaded=true]"))

    assert _text(browser, "#card-requests .value") == str(sent)
    assert _text(browser, "#card-success .value") == "100.0 %"
    assert _text(browser, "#card-cost .value").startswith("$")
    assert "% less than the baseline" in _text(browser, "#card-saved .sub")
    assert _text(browser, "#card-overhead .value").endswith("p50")
    assert _text(browser, "#status").startswith("live")

    # The cost chart: two cumulative lines with points, and the shaded saving between them.
    for cls in ("s-cost", "s-baseline"):
        path = browser.find_element(By.CSS_SELECTOR, f"#chart-cost path.line.{cls}")
        d = path.get_attribute("d")
        assert d.startswith("M") and d.count("L") >= 10, d
    assert browser.find_element(By.CSS_SELECTOR, "#chart-cost path.band").get_attribute("d")
    # The requests chart: its columns' tooltips ("ok: 6") add up to what was sent.
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('#chart-requests rect.column title'))"
        ".map(function (t) { return t.textContent; })"
    )
    assert titles and sum(int(t.split(": ")[1]) for t in titles) == sent
    # Cost by model and success per route: one bar per model and per route, with the names.
    models = _text(browser, "#chart-models")
    assert "medium" in models and MARKUP_MODEL in models and "large" not in models
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-models rect.bar")) == 2
    success = _text(browser, "#chart-success")
    assert "general" in success and "code" in success and "100.0 % of 6" in success
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-overhead rect.bar")) == 2

    routes = browser.find_element(By.ID, "table-routes").text
    assert "general" in routes and "code" in routes and "medium × 4" in routes
    breakers = browser.find_element(By.ID, "table-breakers").text
    for name in ("medium", "large", MARKUP_MODEL):
        assert name in breakers
    assert "closed" in breakers and "open" not in breakers.replace("closed", "")

    rows = browser.find_elements(By.CSS_SELECTOR, "#table-recent tbody tr")
    assert len(rows) == sent
    recent = browser.find_element(By.ID, "table-recent").text
    assert "candidate 1 of route general" in recent and "labels match any of code" in recent
    # Text from the data stays text: the model name with markup made no <em> element.
    assert MARKUP_MODEL in recent
    assert browser.execute_script("return document.querySelectorAll('main em').length") == 0

    # Live: new requests show up without a reload.
    _send(url, CODE[:1] + GENERAL[:1])
    _wait(
        "the page to update",
        lambda: _text(browser, "#card-requests .value") == str(sent + 2),
        timeout=30,
    )
    assert not _severe_console_messages(browser)
    shot = _screenshot(browser, "dashboard.png")
    assert shot.stat().st_size > 10_000


def test_demo_report_draws_the_same_charts_offline(
    browser: Any, dash_gateway: Proc, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    from routeyard.demo.report import write_report

    r = http("GET", f"{dash_gateway.url}/routeyard/dashboard.json?window=15m", None, _auth())
    data = json.loads(r.body)
    assert data["log"]["totals"]["requests"] > 0
    report = write_report(data, tmp_path / "report.html")
    browser.get_log("browser")  # drains what the other test left
    browser.get(report.as_uri())
    _wait("the report", lambda: browser.find_elements(By.CSS_SELECTOR, "body[data-loaded=true]"))
    assert _text(browser, "#card-requests .value") == str(data["log"]["totals"]["requests"])
    assert "quality is not measured" in _text(browser, "#report-note").lower()
    assert browser.find_element(By.CSS_SELECTOR, "#chart-cost path.line.s-cost").get_attribute("d")
    assert "general" in _text(browser, "#chart-success")
    assert _text(browser, "#status").startswith("report")
    assert not _severe_console_messages(browser)
    _screenshot(browser, "demo-report.png")
