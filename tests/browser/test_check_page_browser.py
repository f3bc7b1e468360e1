"""The checker page in Chromium against a live server (the project's server.app: site + API on
one origin, on a free 127.0.0.1 port) with the demo registry.

The site is the project's own build (the shared ``site_dir`` fixture), with its theme, its
stylesheet and its Content-Security-Policy. If that build fails, these tests fail with it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from codecheck.app import create_app as create_api
from codecheck.demo import install_demo
from codecheck.registry import open_registry
from codecheck.settings import LimitSettings, Settings
from guide.dates import format_date
from server.app import create_app as create_server
from tests.axe_check import axe_results
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def shown(lang: str, day: date) -> str:
    return format_date(day, lang)


def demo_settings(folder: Path, **limits) -> Settings:
    settings = Settings(db_path=folder / "codecheck.sqlite3", secret_file=folder / "codecheck.secret",
                        limits=LimitSettings(**limits))
    registry = open_registry(settings)
    install_demo(registry)
    registry.close()
    return settings


def serve(site_dir: Path, languages: list[str], settings: Settings) -> LiveServer:
    """The site as built, with the API over ``settings``, under the site's own headers and CSP."""
    return LiveServer(create_server(site_dir, languages, api_app=create_api(settings)))


@pytest.fixture(scope="module")
def server(site_dir, languages, tmp_path_factory):
    settings = demo_settings(tmp_path_factory.mktemp("registry"), client_checks=1000, client_unknown_per_day=1000)
    with serve(site_dir, languages, settings) as live:
        live.today = settings.today_function()()
        yield live


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and "Content Security Policy" in message.text
            and errors.append(message.text))
    yield page
    assert context.cookies() == []
    assert errors == []
    context.close()


def check(page: Page, typed: str) -> str:
    page.fill("#check-code-input", typed)
    page.click("button[type=submit]")
    result = page.locator("[data-result]")
    expect(result).not_to_be_empty()
    page.wait_for_function(
        "() => !document.querySelector('[data-result] p') ||"
        " document.querySelector('button[type=submit]').disabled === false", polling=100
    )
    return " ".join(result.inner_text().split())


EXPECTED = {
    "fr": {
        "valid": "Votre code est valable jusqu'au {d} inclus : encore 140 jours.",
        "today": "Votre code est valable, mais seulement aujourd'hui ({d}).",
        "expired": "Ce code a expiré. Son dernier jour de validité était le {d}.",
        "used": "Ce code a déjà été utilisé :",
        "revoked": "La caisse de compensation a annulé ce code",
        "unknown": "Ce code n'est pas connu.",
        "form": "Ce n'est pas un code d'accès.",
    },
    "de": {
        "valid": "Ihr Code ist gültig bis und mit {d}: noch 140 Tage.",
        "today": "Ihr Code ist gültig, aber nur noch heute ({d}).",
        "expired": "Dieser Code ist abgelaufen. Sein letzter gültiger Tag war der {d}.",
        "used": "Dieser Code wurde bereits verwendet:",
        "revoked": "Die Ausgleichskasse hat diesen Code annulliert",
        "unknown": "Dieser Code ist nicht bekannt.",
        "form": "Das ist kein Zugangscode.",
    },
    "it": {
        "valid": "Il Suo codice è valido fino al {d} compreso: ancora 140 giorni.",
        "today": "Il Suo codice è valido, ma solo oggi ({d}).",
        "expired": "Questo codice è scaduto. Il suo ultimo giorno di validità era il {d}.",
        "used": "Questo codice è già stato utilizzato:",
        "revoked": "La cassa di compensazione ha annullato questo codice",
        "unknown": "Questo codice non è riconosciuto.",
        "form": "Questo non è un codice d'accesso.",
    },
    "en": {
        "valid": "Your code is valid up to and including {d}: 140 days left.",
        "today": "Your code is valid, but only today ({d}).",
        "expired": "This code has expired. Its last valid day was {d}.",
        "used": "This code has already been used:",
        "revoked": "The compensation fund has cancelled this code",
        "unknown": "This code is not recognised.",
        "form": "This is not an access code.",
    },
}


@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_every_answer_in_the_pages_language(page: Page, server, lang: str) -> None:
    today = server.today
    page.goto(f"{server.url}/{lang}/check-code/")
    words = EXPECTED[lang]
    assert check(page, "demo valid 001").startswith(words["valid"].format(d=shown(lang, today + timedelta(days=140))))
    # The shown date carries its machine-readable value (the hidden template has a stand-in one).
    assert page.locator("[data-result] time").get_attribute("datetime") == (today + timedelta(days=140)).isoformat()
    assert check(page, "DEMOLASTDAY1").startswith(words["today"].format(d=shown(lang, today)))
    assert check(page, "demo-expired-1").startswith(words["expired"].format(d=shown(lang, today - timedelta(days=1))))
    assert check(page, "DEMOUSED0001").startswith(words["used"])
    assert check(page, "DEMOREVOKED1").startswith(words["revoked"])
    assert check(page, "DEMOUNKNOWN1").startswith(words["unknown"])
    assert check(page, "DEMO").startswith(words["form"])
    assert page.get_attribute("#check-code-input", "aria-invalid") == "true"
    assert check(page, "   ").startswith(words["form"])


def test_next_steps_link_where_they_should(page: Page, server) -> None:
    page.goto(f"{server.url}/en/check-code/")
    text = check(page, "DEMOVALID001")
    # The fund gives no registration link (site.toml): the answer points to the one on the letter.
    assert page.locator("[data-result] a").count() == 0 and "the link printed on your letter" in text
    check(page, "DEMOEXPIRED1")
    assert page.locator("[data-result] a").get_attribute("href") == "../guide/outcomes/code-expired/"
    check(page, "DEMOREVOKED1")
    assert page.locator("[data-result] a").get_attribute("href") == "../guide/outcomes/order-new-code/"
    check(page, "DEMOUSED0001")
    assert [a.get_attribute("href") for a in page.locator("[data-result] a").all()] == [
        "../situations/administrator-leaving/", "../situations/no-active-login/",
    ]
    check(page, "DEMOUNKNOWN1")
    # E-mail, and the web site where the phone number is (the fund gives none in site.toml).
    assert [a.get_attribute("href") for a in page.locator("[data-result] a").all()] == [
        "mailto:connect@exfour.ch", "https://www.exfour.ch",
    ]


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_code_leaves_the_page_only_in_the_check_request(page: Page, server, lang: str) -> None:
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(f"{server.url}/{lang}/check-code/")
    typed = "demo-valid 001"
    check(page, typed)
    page.keyboard.press("Enter")  # submitting with the keyboard, too
    page.wait_for_load_state("networkidle")
    forms = {typed, "DEMOVALID001", "demo-valid", "demo-valid%20001", "demo-valid+001"}
    carrying = []
    for request in requests:
        assert request.url.startswith(server.url + "/"), request.url  # nothing leaves the origin
        headers = json.dumps(request.headers)
        assert not any(form in request.url or form in headers for form in forms), request.url
        if request.post_data and any(form in request.post_data for form in forms):
            carrying.append(request)
    assert carrying and all(r.method == "POST" and r.url == f"{server.url}/api/v1/access-codes/check" for r in carrying)
    assert all(json.loads(r.post_data) == {"code": typed} for r in carrying)
    assert all(r.headers.get("content-type") == "application/json" for r in carrying)
    assert typed not in page.url and "DEMOVALID001" not in page.url


def test_when_limited_it_says_when_to_try_again(browser, site_dir, languages, tmp_path) -> None:
    settings = demo_settings(tmp_path, client_checks=2)
    with serve(site_dir, languages, settings) as live:
        page = browser.new_page()
        page.goto(f"{live.url}/de/check-code/")
        check(page, "DEMOVALID001")
        check(page, "DEMOVALID001")
        text = check(page, "DEMOVALID001")
        assert text.startswith("Zu viele Prüfungen von Ihrer Verbindung aus. Sie können es ab ")
        retry = page.locator("[data-result] time").inner_text()
        assert len(retry) == 5 and retry[2] == ":"  # hh:mm, within the minute
        retry_at = page.locator("[data-result] time").get_attribute("datetime")
        assert datetime.fromisoformat(retry_at) > datetime.now(timezone.utc)
        page.close()


def test_retry_after_a_day_shows_the_date(page: Page, server) -> None:
    page.route("**/api/v1/access-codes/check", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "90000", "Content-Type": "application/json"},
        body='{"error": {"code": "rate_limited", "message": "Too many checks."}}'))
    page.goto(f"{server.url}/fr/check-code/")
    text = check(page, "DEMOVALID001")
    assert text.startswith("Trop de vérifications depuis votre connexion. Vous pourrez réessayer dès ")
    retry = page.locator("[data-result] time").inner_text()
    assert len(retry.split()) == 2 and retry.split()[0].count(".") == 2  # dd.mm.yyyy hh:mm


@pytest.mark.parametrize("failure", ["abort", "500", "html"])
def test_without_the_api_it_points_to_the_date_method(page: Page, server, failure: str) -> None:
    def answer(route):
        if failure == "abort":
            route.abort()
        elif failure == "500":
            route.fulfill(status=500, body="")
        else:
            route.fulfill(status=200, body="<html>proxy page</html>", headers={"Content-Type": "text/html"})

    page.route("**/api/v1/access-codes/check", answer)
    page.goto(f"{server.url}/it/check-code/")
    assert check(page, "DEMOVALID001").startswith("La verifica non è disponibile al momento.")
    page.locator("[data-result] a").click()
    assert page.url.endswith("#check-by-date")


def test_without_javascript_the_date_method_is_there(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/de/check-code/")
    expect(page.locator("#check-code-input")).to_be_hidden()
    expect(page.locator("noscript p, p:has-text('braucht JavaScript')").first).to_be_visible()
    expect(page.locator("#check-by-date")).to_be_visible()
    expect(page.get_by_text("Ein Brief vom 01.03.2026 ergibt einen Code")).to_be_visible()
    for message in page.locator("[data-message]").all():
        expect(message).to_be_hidden()
    context.close()


# Every rule of axe, on the site's own stylesheet. Focus and pointer leave the button before each
# run, so that the page is judged as a reader sees it after an answer.
AXE = {"resultTypes": ["violations"]}

@pytest.mark.parametrize("lang", ["fr", "de", "it", "en"])
def test_axe_finds_nothing_in_the_checker(page: Page, server, lang: str) -> None:
    page.goto(f"{server.url}/{lang}/check-code/")
    for typed in ("", "DEMOVALID001", "DEMOUSED0001", "DEMO"):
        if typed:
            check(page, typed)
            page.evaluate("document.activeElement.blur()")
            page.mouse.move(0, 0)
        results = axe_results(page, context={"include": [["article"]]}, options=AXE)
        assert results.violations_count == 0, results.generate_report()


OFFLINE = {
    "fr": {
        "valid": "D'après la date de votre lettre, votre code est valable jusqu'au {d} inclus : encore {n} jours.",
        "browser": "calculé dans votre navigateur",
        "expired": "D'après la date de votre lettre, ce code a expiré. Son dernier jour de validité était le {d}.",
        "date": "Saisissez la date imprimée sur votre lettre.",
    },
    "de": {
        "valid": "Nach dem Datum Ihres Briefs ist Ihr Code gültig bis und mit {d}: noch {n} Tage.",
        "browser": "Ihr Browser hat dieses Ergebnis aus dem Datum des Briefs berechnet",
        "expired": "Nach dem Datum Ihres Briefs ist dieser Code abgelaufen. Sein letzter gültiger Tag war der {d}.",
        "date": "Geben Sie das Datum ein, das auf Ihrem Brief steht.",
    },
}
WORKER_TIMEOUT_MS = 120_000  # the first answer waits for Pyodide to start in the guide's worker


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_without_the_api_the_browser_works_it_out_from_the_letters_date(page: Page, server, site_config,
                                                                         lang: str) -> None:
    from guide import access_code

    validity = site_config.fund.code_validity_days
    page.route("**/api/v1/**", lambda route: route.abort())
    page.goto(f"{server.url}/{lang}/check-code/")
    words = OFFLINE[lang]
    check(page, "DEMOVALID001")
    date_field = page.locator("[data-result] [data-offline-form] input[type=date]")
    expect(date_field).to_be_visible()
    # The shown copy of the form has ids of its own: none twice on the page, its label names it.
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((element) => element.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    label = page.locator("[data-result] [data-offline-form] label")
    assert label.get_attribute("for") == date_field.get_attribute("id") != "check-code-date"
    answer = page.locator("[data-result] [data-offline-result]")
    today = date.fromisoformat(page.evaluate(
        "(() => { const d = new Date(); const p = (n) => String(n).padStart(2, '0');"
        " return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; })()"))

    def ask(issued: str) -> str:
        date_field.fill(issued)
        page.locator("[data-result] [data-offline-form] button[type=submit]").click()
        expect(page.locator("[data-result] [data-offline-form] button[type=submit]")).to_be_enabled(
            timeout=WORKER_TIMEOUT_MS)
        expect(answer.locator("strong")).to_be_visible(timeout=WORKER_TIMEOUT_MS)
        return " ".join(answer.inner_text().split())

    issued = today - timedelta(days=10)
    left = access_code.days_left(issued, validity, today)
    text = ask(issued.isoformat())
    last = access_code.expires_on(issued, validity)
    assert text.startswith(words["valid"].format(d=shown(lang, last), n=left)), text
    assert words["browser"] in text
    assert date_field.get_attribute("aria-invalid") is None

    issued = today - timedelta(days=validity + 50)
    text = ask(issued.isoformat())
    last = access_code.expires_on(issued, validity)
    assert text.startswith(words["expired"].format(d=shown(lang, last))), text
    assert words["browser"] in text
    assert answer.locator("a").get_attribute("href") == "../guide/outcomes/code-expired/"

    for bad in ("", (today + timedelta(days=3)).isoformat()):
        assert ask(bad) == words["date"]
        assert date_field.get_attribute("aria-invalid") == "true"
    # The code form still works above it.
    expect(page.locator("#check-code-input")).to_be_visible()


def test_axe_finds_nothing_in_the_offline_answer(page: Page, server) -> None:
    page.route("**/api/v1/**", lambda route: route.abort())
    page.goto(f"{server.url}/en/check-code/")
    check(page, "DEMOVALID001")
    results = axe_results(page, context={"include": [["article"]]}, options=AXE)
    assert results.violations_count == 0, results.generate_report()
    page.locator("[data-result] input[type=date]").fill("2020-01-01")
    page.locator("[data-result] [data-offline-form] button[type=submit]").click()
    expect(page.locator("[data-offline-result] strong")).to_contain_text("expired", timeout=WORKER_TIMEOUT_MS)
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    results = axe_results(page, context={"include": [["article"]]}, options=AXE)
    assert results.violations_count == 0, results.generate_report()
