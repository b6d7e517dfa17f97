"""Every page an official can reach from the main navigation, for every role: accessible by
axe-core's rules and no wider than the window, on a desktop (1366 px) and on a phone (390 px),
in English, French and German.

Each official signs in once; the pages are collected from the main navigation and from the
links on those pages that stay on the same node (one page of each kind: one exchange, one
notification, the account page ...). Downloads, sign-out, the language switch and anything
that is not a plain GET page are left out. A screenshot of every page at every width is saved
under tests/e2e/artifacts/every-page/."""
import importlib.resources
import re
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, fresh_code

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
MAX_PAGES = 40
ROLES = [
    "node-administrator", "immigration-officer", "ct-officer", "supervisor", "liaison-officer",
    "steering-board-member", "rapporteur", "data-protection-officer", "auditor",
]
# Links that are not pages to look at: they download a file, sign out, switch the language,
# or open a one-time enrolment link meant for somebody else.
SKIPPED = re.compile(r"^/(signout|language/|enrol/|static/|api/|health)|\.(pdf|csv|json|txt|zip)$")
AXE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text()
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
     targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))))
  .catch(e => done([{id: "axe-error", impact: "error", help: String(e), targets: []}]));
"""
# A table may scroll inside its own box on a phone, but on a desktop it must fit, or the
# actions in its last column are out of sight.
CLIPPED_TABLES = """
return [...document.querySelectorAll(".table-wrap")]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => (w.querySelector("table") || w).id || w.querySelector("caption")?.textContent.trim()
            || w.previousElementSibling?.textContent.trim().slice(0, 40) || "a table");
"""


def kind(path_and_query):
    """Pages of the same kind share a route: /exchanges/7 and /exchanges/9 are one kind."""
    parts = urlsplit(path_and_query)
    path = "/".join("{}" if re.search(r"\d", segment) else segment for segment in parts.path.split("/"))
    return path + "?" + "&".join(sorted(key for key, _ in parse_qsl(parts.query)))


class Official:
    """A browser signed in once as one official; it is resized for each width."""

    def __init__(self, node, account, label):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900",
                    "--hide-scrollbars"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_script_timeout(60)
        self.base = node["webURL"]
        self.label = label
        self.driver.get(self.base + "/signin")
        self.driver.find_element(By.ID, "username").send_keys(account["username"])
        self.driver.find_element(By.ID, "password").send_keys(account["password"])
        self.driver.find_element(By.ID, "code").send_keys(fresh_code(account["totpSecret"]))
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        for _ in range(100):
            if self.driver.current_url.endswith("/dashboard"):
                return
            time.sleep(0.1)
        raise AssertionError(f"{label} could not sign in: {self.driver.current_url}")

    def local(self, href):
        """The path and query of a link if it is a GET page on this node worth visiting."""
        if not href or not href.startswith(self.base + "/"):
            return None
        parts = urlsplit(href)
        path = parts.path + ("?" + parts.query if parts.query else "")
        return None if SKIPPED.search(parts.path) else path

    def links(self, selector):
        found = []
        for a in self.driver.find_elements(By.CSS_SELECTOR, selector):
            if a.get_dom_attribute("download") is not None:
                continue
            path = self.local(a.get_attribute("href"))
            if path and path not in found:
                found.append(path)
        return found

    def pages(self):
        """The main navigation's pages, then one page of each kind linked from them."""
        self.driver.get(self.base + "/dashboard")
        navigation = self.links("nav.mainnav a")
        assert navigation, f"{self.label} has no main navigation"
        pages, kinds = [], set()
        for path in navigation + ["/account"]:
            if kind(path) not in kinds:
                kinds.add(kind(path))
                pages.append(path)
        for path in list(pages):
            self.driver.get(self.base + path)
            for link in self.links("main a[href]"):
                if len(pages) >= MAX_PAGES:
                    return pages
                if kind(link) not in kinds:
                    kinds.add(kind(link))
                    pages.append(link)
        return pages

    def switch_language(self, code):
        self.driver.get(self.base + "/dashboard")
        self.driver.find_element(By.CSS_SELECTOR, f"nav.languages a[hreflang='{code}']").click()
        for _ in range(50):
            if self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == code:
                return
            time.sleep(0.1)
        raise AssertionError(f"the page did not switch to {code}")

    def resize(self, width, height):
        self.driver.set_window_size(width, height)
        inner = self.driver.execute_script("return window.innerWidth")
        assert inner == width, f"the window is {inner} px wide, not {width}"

    def shot(self, language, path, width):
        slug = re.sub(r"[^a-z0-9]+", "-", kind(path).replace("{}", "id").lower()).strip("-") or "home"
        folder = ARTIFACTS / "every-page"
        folder.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(folder / f"{self.label}-{language}-{slug}-{width}.png"))

    def check(self, path, language, width, accessibility):
        """The problems of one page at the current width: each a line for the failure message."""
        self.driver.get(self.base + path)
        problems = []
        url = f"{path} [{language}, {width}px]"
        if accessibility:
            self.driver.execute_script(AXE)
            for violation in self.driver.execute_async_script(RUN_AXE):
                problems.append(f"axe {violation['id']} ({violation['impact']}) on {url}: {violation['help']}; "
                                f"at {', '.join(violation['targets'])}")
        wide, inner = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        if wide > inner:
            problems.append(f"overflow on {url}: the page is {wide}px wide in a {inner}px window")
        if width >= 1000:
            for table in self.driver.execute_script(CLIPPED_TABLES):
                problems.append(f"clipped table on {url}: {table!r} is wider than its box")
        self.shot(language, path, width)
        return problems

    def quit(self):
        self.driver.quit()


def node_of(network, state):
    return next(n for n in network["nodes"] if n["state"] == state)


def check_every_page(node, account, label, languages=("en",), accessibility_in=("en",)):
    official = Official(node, account, label)
    problems, pages = [], []
    try:
        pages = official.pages()
        for language in languages:
            if language != "en":
                official.switch_language(language)
            for width, height in WIDTHS.values():
                official.resize(width, height)
                for path in pages:
                    problems += official.check(path, language, width, language in accessibility_in)
    finally:
        official.quit()
    assert not problems, f"{label}: {len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems)
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_passes_axe_and_fits_desktop_and_phone_widths(network, role):
    node = network["nodes"][0]
    account = next(u for u in node["users"] if role in u["roles"])
    # German has the longest words, so every role is checked in it; French for the two roles
    # of the exchanges, whose pages hold the most text (a third language everywhere would add
    # minutes and find what German finds).
    languages = ("en", "fr", "de") if role in ("ct-officer", "immigration-officer") else ("en", "de")
    check_every_page(node, account, f"{node['state'].lower()}-{role}", languages=languages)


def test_the_receiving_immigration_officers_pages_pass_axe_and_fit_desktop_and_phone_widths(network):
    """The receiving node's immigration officer sees exchanges with ranked candidates."""
    node = node_of(network, "DE")
    account = next(u for u in node["users"] if "immigration-officer" in u["roles"])
    check_every_page(node, account, "de-immigration-officer", languages=("en", "de"))


@pytest.mark.parametrize("role", ["node-administrator", "steering-board-member", "rapporteur"])
def test_the_commissions_pages_pass_axe_and_fit_desktop_and_phone_widths(network, role):
    node = node_of(network, "EU")
    account = next(u for u in node["users"] if role in u["roles"])
    check_every_page(node, account, f"eu-{role}")
