"""What happens between the two sides of an exchange, seen from each desk in a real browser:
the requester sees the deadline and the time left; the receiver sees the request arrive
(counts beside the navigation, a "New" row) until they open it; the answer arrives on the
requester's open page without a reload; a withdrawn notification withdraws the request at
the other state, which reads why; a refused form moves the focus to its summary and marks
each field, a pasted MRZ with a failed check digit among them; a second request to the same
state waits for a yes; times show in the reader's own zone."""
import datetime
import re
import time
import uuid

from selenium.webdriver.common.by import By

from test_exchange_story import account, api, officers  # noqa: F401  (the fixture)

FORGED_MRZ = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10"


def token(network, state, role):
    return account(network, state, role)[1]["apiToken"]


def sent_request(network, urgency="urgent"):
    """BE CT notifies, BE IMM asks DE, BE's supervisor approves: by the API, as a second
    official at the same desk would. Returns the notification's and the exchange's ids."""
    be, _ = account(network, "BE", "ct-officer")
    family = "HAIDARI" + uuid.uuid4().hex[:6].upper().translate(str.maketrans("0123456789", "GHIJKLMNOP"))
    until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    notification = api(be, token(network, "BE", "ct-officer"), "POST", "/notifications", {
        "subject": {"familyNames": family, "givenNames": "Farid", "birthDate": "1988-05-04", "nationalities": ["AFG"]},
        "validUntil": until, "handlingCode": "H0"})
    opened = api(be, token(network, "BE", "immigration-officer"), "POST", "/requests", {
        "notificationId": notification["id"], "targetStates": ["DE"], "purpose": "Administrative follow-up of a threat notification",
        "legalBasis": "Art. 6(1)(e) GDPR", "urgency": urgency, "handlingCode": "H0",
        "marking": {"classification": "UNCLASSIFIED", "limite": False}, "requestedCategories": ["identity"]})
    exchange = opened["exchanges"][0]["id"]
    api(be, token(network, "BE", "supervisor"), "POST", f"/requests/{exchange}/approve")
    return notification["id"], exchange


def received_at_de(network, exchange):
    de, _ = account(network, "DE", "immigration-officer")
    for _ in range(80):
        inbox = api(de, token(network, "DE", "immigration-officer"), "GET", "/inbox")["exchanges"]
        if any(e["id"].lower() == exchange.lower() for e in inbox):
            return
        time.sleep(0.25)
    raise AssertionError("the request did not reach DE")


def wait_for(condition, what, seconds=25):
    end = time.time() + seconds
    while time.time() < end:
        try:
            if condition():
                return
        except Exception:  # an element replaced while the page updates
            pass
        time.sleep(0.25)
    raise AssertionError(what)


def nav_count(officer, href):
    badges = officer.driver.find_elements(By.CSS_SELECTOR, f'.mainnav a[href="{href}"] .nav-count')
    return int(badges[0].text) if badges and badges[0].is_displayed() else 0


def test_the_requester_sees_the_deadline_the_receiver_sees_it_arrive_and_the_answer_arrives_live(network, officers):  # noqa: F811
    notification, exchange = sent_request(network)
    be_imm = officers("BE", "immigration-officer", "be-imm-between")
    # The reader's own zone: Berlin, while the node writes UTC.
    be_imm.driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Berlin"})
    be_imm.go(f"/exchanges/{exchange}")
    assert re.search(r"due in [78] h \d+ min", be_imm.read("#due-in")), be_imm.read("#due-in")
    local = be_imm.find("p time[datetime]")
    assert local.get_attribute("title").endswith(" UTC") and not local.text.endswith("UTC")
    assert re.search(r"(CET|CEST|GMT\+[12])$", local.text), local.text
    be_imm.shot("1-deadline-at-requester")
    be_imm.go("/dashboard")
    assert "Answer awaited from Germany" in be_imm.read("#deadlines")

    received_at_de(network, exchange)
    de_imm = officers("DE", "immigration-officer", "de-imm-between")
    de_imm.go("/dashboard")
    wait_for(lambda: nav_count(de_imm, "/inbox") >= 1, "the inbox count did not show beside the navigation")
    assert "Request from" in de_imm.read("#arrivals")
    de_imm.go("/inbox")
    row = f'#inbox tr[data-id="{exchange.upper()}"]'
    assert "unread" in de_imm.read(row, "class") and "New: request" in de_imm.read(row)
    de_imm.shot("2-new-at-receiver")
    de_imm.go(f"/exchanges/{exchange}")
    de_imm.go("/inbox")
    assert "unread" not in (de_imm.read(row, "class") or ""), "opening it makes it read"

    # BE's officer keeps the dashboard open; DE answers; the page says so without a reload.
    be_imm.go("/dashboard")
    wait_for(lambda: be_imm.driver.execute_script("return document.readyState") == "complete", "the dashboard did not load")
    time.sleep(1)
    de, _ = account(network, "DE", "immigration-officer")
    api(de, token(network, "DE", "immigration-officer"), "POST", f"/inbox/{exchange}/answer", {"outcome": "not-found"})
    wait_for(lambda: be_imm.find("#live-notice").is_displayed(), "the arrival was not announced on the open page", seconds=40)
    wait_for(lambda: nav_count(be_imm, "/exchanges") >= 1, "the sent list's count did not show")
    be_imm.shot("3-answer-arrived-live")
    be_imm.go("/exchanges")
    assert "New: answer" in be_imm.read(f'#exchanges tr[data-id="{exchange.upper()}"]')


def test_a_withdrawn_notification_withdraws_the_request_at_the_other_state(network, officers):  # noqa: F811
    notification, exchange = sent_request(network, urgency="normal")
    received_at_de(network, exchange)
    # A second request to the same state is named as a likely duplicate, and waits for a yes.
    be_imm = officers("BE", "immigration-officer", "be-imm-duplicate")
    be_imm.go(f"/requests/new?notification={notification}")
    assert "Germany" in be_imm.read("#open-requests")
    be_imm.fill("purpose", "Administrative follow-up")
    be_imm.fill("legalBasis", "Art. 6(1)(e) GDPR")
    be_imm.find('input[name="targetStates[]"][value="DE"]').click()
    be_imm.find("#request-form button[type=submit]").click()
    wait_for(lambda: be_imm.find("#confirmDuplicate").is_displayed(), "a duplicate was not asked to be confirmed")
    be_imm.shot("4-duplicate-asked")

    be_ct = officers("BE", "ct-officer", "be-ct-between")
    be_ct.go(f"/notifications/{notification}/withdraw")
    assert "Germany" in be_ct.read("#withdrawn-with-it"), "the confirmation lists what is withdrawn with it"
    be_ct.shot("5-withdrawal-confirmation")
    be_ct.fill("reason", "Threat assessment closed")
    be_ct.find("#withdraw-form button[type=submit]").click()
    wait_for(lambda: "done=notification-withdrawn" in be_ct.driver.current_url, "the withdrawal was not confirmed")
    assert "the states that received one have been told" in be_ct.read("#done-notice")

    de_imm = officers("DE", "immigration-officer", "de-imm-withdrawn")
    de_imm.until(f"/exchanges/{exchange}", lambda page: 'data-state="withdrawn"' in page, "DE does not see the request withdrawn")
    assert "The threat notification this exchange was based on has been withdrawn." in de_imm.read("main")
    assert not de_imm.driver.find_elements(By.ID, "answer-form"), "nothing to answer on a withdrawn request"
    de_imm.shot("6-withdrawn-at-receiver")


def test_a_refused_form_moves_the_focus_to_its_summary_and_marks_each_field(network, officers):  # noqa: F811
    be_ct = officers("BE", "ct-officer", "be-ct-errors")
    be_ct.go("/notifications")
    be_ct.find("details.panel summary").click()
    be_ct.fill("birthDate", "2999-01-01")
    be_ct.fill("nationality", "S1R")
    be_ct.fill("validUntil", "soon")
    be_ct.find("#notification-form button[type=submit]").click()
    wait_for(lambda: be_ct.driver.switch_to.active_element.get_attribute("id") == "failure", "the focus did not move to the summary")
    links = [a.get_attribute("data-field") for a in be_ct.driver.find_elements(By.CSS_SELECTOR, "#failure .error-list a")]
    assert links == ["familyNames", "birthDate", "nationality", "validUntil"], links
    assert be_ct.find("#birthDate").get_attribute("aria-invalid") == "true"
    assert "not after today" in be_ct.read("#birthDate-error")
    assert "input.invalid" not in be_ct.read("main"), "no internal code for the reader"
    be_ct.shot("7-error-summary")
    be_ct.find('#failure a[data-field="nationality"]').click()
    assert be_ct.driver.switch_to.active_element.get_attribute("id") == "nationality"

    # A pasted MRZ whose birth date fails its check digit: a possible fraud indicator, named.
    be_ct.go("/notifications")
    be_ct.find("details.panel summary").click()
    be_ct.fill("mrz", FORGED_MRZ)
    be_ct.find("#notification-form button[type=submit]").click()
    wait_for(lambda: be_ct.driver.switch_to.active_element.get_attribute("id") == "failure", "the MRZ refusal did not take the focus")
    assert "possible fraud indicator" in be_ct.read("#failure").lower()
    assert be_ct.find("#mrz").get_attribute("aria-invalid") == "true"
    be_ct.shot("8-mrz-check-digit")
