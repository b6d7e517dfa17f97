"""The CT ↔ immigration story across two nodes of the demo, in a real browser: BE CT
notifies; BE IMM asks DE; BE's supervisor approves; DE IMM sees ranked candidates from its
records and answers; DE's supervisor approves the answer; BE CT sees the answer. Then DE IMM
confirms the match the matcher suggests for a person notified in DE, and a change to that
record alerts DE CT."""
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

import contract
from conftest import ARTIFACTS, fresh_code


def account(network, state, role):
    node = next(n for n in network["nodes"] if n["state"] == state)
    return node, next(u for u in node["users"] if role in u["roles"])


class Officer:
    """One signed-in browser per official, as at their own desk."""

    def __init__(self, network, state, role, name):
        self.node, self.user = account(network, state, role)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.implicitly_wait(3)
        self.name = name
        self.go("/signin")
        self.driver.find_element(By.ID, "username").send_keys(self.user["username"])
        self.driver.find_element(By.ID, "password").send_keys(self.user["password"])
        self.driver.find_element(By.ID, "code").send_keys(fresh_code(self.user["totpSecret"]))
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        for _ in range(100):
            if self.driver.current_url.endswith("/dashboard"):
                break
            time.sleep(0.1)
        else:
            self.shot("signin-failed")
            raise AssertionError(f"{name} could not sign in: {self.driver.current_url}")

    def go(self, path):
        self.driver.get(self.node["webURL"] + path)

    def shot(self, step):
        ARTIFACTS.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(ARTIFACTS / f"exchange-story-{step}-{self.name}.png"))

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def read(self, selector, attribute=None):
        """Text (or an attribute) of an element, read again while a page is still loading."""
        for _ in range(40):
            try:
                element = self.find(selector)
                return element.get_attribute(attribute) if attribute else element.text
            except (StaleElementReferenceException, NoSuchElementException):
                time.sleep(0.1)
        raise AssertionError(f"{self.name}: {selector} did not settle")

    def fill(self, field_id, text):
        element = self.driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(text)

    def state_becomes(self, expected):
        """Waits for the exchange page (after a form post) to show `expected`."""
        for _ in range(50):
            if self.read("#exchange-state", "data-state") == expected:
                return True
            time.sleep(0.1)
        return False

    def until(self, path, condition, what):
        """Reloads `path` until `condition(page_source)` holds: delivery is asynchronous."""
        for _ in range(60):
            self.go(path)
            if condition(self.driver.page_source):
                return
            time.sleep(0.25)
        raise AssertionError(f"{self.name}: {what}")

    def quit(self):
        self.driver.quit()


def api(node, token, method, path, body=None):
    return contract.call(node["webURL"], token, method, path, body)


@pytest.fixture
def officers(network):
    signed_in = []

    def sign_in(state, role, name):
        officer = Officer(network, state, role, name)
        signed_in.append(officer)
        return officer

    yield sign_in
    for officer in signed_in:
        officer.quit()


def notify(officer, family, given, birth, nationality):
    officer.go("/notifications")
    officer.find("details.panel summary").click()
    officer.fill("familyNames", family)
    officer.fill("givenNames", given)
    officer.fill("birthDate", birth)
    officer.fill("nationality", nationality)
    officer.find("#notification-form button[type=submit]").click()
    for _ in range(50):
        text = officer.read("#notifications tbody tr")
        if family in text:
            break
        time.sleep(0.1)
    assert family in text and "active" in text
    return officer.read("#notifications tbody tr", "data-reference")


def test_the_exchange_story_across_two_nodes(network, officers):
    # BE CT notifies the Belgian immigration contact point.
    be_ct = officers("BE", "ct-officer", "be-ct")
    reference = notify(be_ct, "AL-HASHIMI", "Omar", "1990-03-14", "SYR")
    be_ct.shot("1-notified")
    be_ct.find(f"#notifications tr[data-reference='{reference}'] a[href$='/edit']").click()
    from selenium.webdriver.support.ui import Select
    Select(be_ct.find("#handlingCode")).select_by_value("H1")
    be_ct.find("#notification-form button[type=submit]").click()
    be_ct.until("/notifications", lambda page: "H1" in page, "the changed handling code is not shown")

    # BE IMM asks Germany under that notification.
    be_imm = officers("BE", "immigration-officer", "be-imm")
    be_imm.go("/notifications")
    be_imm.find(f"#notifications tr[data-reference='{reference}'] a.button").click()
    assert "AL-HASHIMI" in be_imm.read("section[aria-labelledby=person-title]"), "the request form does not show the notified person"
    be_imm.find("input[name='targetStates[]'][value='DE']").click()
    be_imm.fill("purpose", "Administrative follow-up of a threat notification")
    be_imm.fill("legalBasis", "Art. 6(1)(e) GDPR; national aliens act")
    be_imm.find("#request-form button[type=submit]").click()
    assert be_imm.state_becomes("awaiting-approval")
    exchange_path = "/exchanges/" + be_imm.driver.current_url.split("?")[0].rsplit("/", 1)[1]
    assert "supervisor approves" in be_imm.read("#done-notice"), "no word that the request was saved"
    exchange_id = exchange_path.rsplit("/", 1)[1]
    assert len(exchange_id) == 36, exchange_path
    be_imm.shot("2-requested")

    # BE's supervisor approves; the request leaves for DE.
    be_supervisor = officers("BE", "supervisor", "be-supervisor")
    be_supervisor.go("/approvals")
    be_supervisor.find(f"#approvals tr[data-id='{exchange_id}'] a").click()
    be_supervisor.find("#approve").click()
    assert be_supervisor.state_becomes("sent")
    be_supervisor.until(exchange_path, lambda page: "signed receipt verified" in page, "the request was not receipted by DE")
    be_supervisor.shot("3-approved")

    # DE IMM sees the request with its deadline and the candidates from DE's records.
    de_imm = officers("DE", "immigration-officer", "de-imm")
    de_imm.until(exchange_path, lambda page: "candidates" in page, "the request did not reach DE")
    first = de_imm.read("#candidates tbody tr")
    assert "DE-IMM-000001" in first and "likely the same person" in first
    assert "الهاشمي" in first
    de_imm.shot("4-candidates")
    de_imm.find("#send-answer").click()
    assert de_imm.state_becomes("answered")
    de_imm.shot("4b-answered")
    assert "answer waits for approval" in de_imm.driver.page_source

    # DE's supervisor approves the answer; it goes back to BE.
    de_supervisor = officers("DE", "supervisor", "de-supervisor")
    de_supervisor.go("/approvals")
    de_supervisor.find(f"#approvals tr[data-id='{exchange_id}'] a").click()
    de_supervisor.find("#approve").click()
    de_supervisor.shot("5-answer-approved")

    # BE CT sees the administrative information obtained under the notification.
    be_ct.until(exchange_path, lambda page: 'data-state="answered"' in page, "BE did not receive the answer")
    answer = be_ct.read("#answer")
    assert "found" in answer and "international protection" in answer
    be_ct.shot("6-answer-seen")

    # In DE: DE CT notifies the same person; once DE IMM confirms the match, a change to the person's record alerts DE CT.
    de_ct = officers("DE", "ct-officer", "de-ct")
    notify(de_ct, "AL-HASHIMI", "Omar", "1990-03-14", "SYR")
    record = api(de_imm.node, de_imm.user["apiToken"], "GET", f"{exchange_path.replace('/exchanges', '/requests')}")
    assert record["state"] == "answered"
    situation = {"procedures": [{"type": "return", "status": "return-decision", "fileReference": "R-2026-77"}], "rightToStay": "no"}
    subject = {"familyNames": "الهاشمي", "givenNames": "عمر", "sex": "M", "birthDate": "1990-03-14", "nationalities": ["SYR"]}
    api(de_imm.node, de_imm.user["apiToken"], "PUT", "/administrative-records/DE-IMM-000001", {"subject": subject, "situation": situation})
    # The matcher only suggests: DE CT sees nothing until DE IMM confirms the pair, with a reason.
    de_ct.go("/alerts")
    assert "DE-IMM-000001" not in de_ct.read("#alerts")
    de_imm.go("/matches")
    pair = de_imm.find("section.match")
    assert "DE-IMM-000001" in pair.text and "AL-HASHIMI" in pair.text
    pair.find_element(By.CSS_SELECTOR, "textarea[name=reason]").send_keys("Same person: Arabic and Latin spellings, same date of birth")
    pair.find_element(By.CSS_SELECTOR, "button[value=confirm]").click()
    assert "Confirmed" in de_imm.read("#decided")
    de_imm.shot("7-match-confirmed")
    de_ct.go("/alerts")
    alert = de_ct.read("#alerts tbody tr")
    assert "DE-IMM-000001" in alert and "return step" in alert and "AL-HASHIMI" in alert, alert
    de_ct.shot("8-alert")

    # CT to CT: a contact-point message from BE's CT contact point reaches DE's (rule R1).
    be_ct.go("/messages/new")
    Select(be_ct.find("#targetState")).select_by_value("DE")
    be_ct.fill("title", "Coordination call")
    be_ct.fill("text", "Proposed for Thursday 10:00 CET.")
    be_ct.find("#message-form button[type=submit]").click()
    assert be_ct.state_becomes("sent")
    de_ct.until("/inbox", lambda page: "Coordination call" in page, "the message did not reach DE's CT contact point")
    de_ct.shot("8-message")
