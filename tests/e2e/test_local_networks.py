"""A local network of liaison officers in a real browser, across two nodes of the demo: the
Belgian officer who coordinates the network in Türkiye convenes a meeting (the Commission and
Frontex invited by default; leaving Frontex out without a reason is refused and keeps what
was typed), then records its minutes and attendance; a German officer, whose officer in
Istanbul is a member, reads them at DE as a read-only copy."""
import tempfile
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)


def open_network(officer, name):
    officer.until("/networks", lambda page: name in page, f"the network {name} is not listed")
    officer.find(f"#networks tr[data-name='{name}'] a").click()


def test_convene_a_local_network_meeting_and_record_its_minutes(officers):  # noqa: F811
    title = f"Meeting {uuid.uuid4().hex[:6]}"
    be_ilo = officers("BE", "liaison-officer", "be-ilo")
    open_network(be_ilo, "ILO network Türkiye")
    assert "Sarah Lemaire" in be_ilo.read("#members")
    assert "@" in be_ilo.read("#members"), "members see each other's mailboxes"

    Select(be_ilo.find("#kind")).select_by_value("meeting")
    be_ilo.fill("title", title)
    be_ilo.fill("place", "Ankara")
    be_ilo.fill("agenda", "Arrivals by land\nForged residence permits")
    be_ilo.find("#frontexInvited").click()  # Frontex left out, with no reason: refused
    be_ilo.find("#save-activity").click()
    assert "operational" in be_ilo.read("#failure").lower() or be_ilo.driver.find_elements(By.CSS_SELECTOR, ".has-error #notInvitedReason")
    assert be_ilo.read("#title", "value") == title, "what was typed is kept"
    be_ilo.shot("network-meeting-refused")

    be_ilo.find("#frontexInvited").click()  # invited after all
    be_ilo.find("#save-activity").click()
    assert be_ilo.read("#activity-title") == title
    assert "Frontex" in be_ilo.read("#invitations")
    assert "Forged residence permits" in be_ilo.read("#agenda-items")

    be_ilo.fill("minutes", "Land crossings rose; a common alert to carriers is prepared.")
    for member in ("Sarah Lemaire", "Jana Hoffmann"):
        be_ilo.driver.find_element(By.XPATH, f"//label[contains(., '{member}')]/input[@name='attendance[]']").click()
    be_ilo.find("#save-activity").click()
    assert "Land crossings rose" in be_ilo.read("#minutes-text")
    assert "Sarah Lemaire" in be_ilo.read("#attendees") and "Jana Hoffmann" in be_ilo.read("#attendees")
    be_ilo.shot("network-minutes")

    # A document for the members: uploaded at BE, listed at DE once its parts have arrived.
    document = Path(tempfile.mkdtemp()) / "quarterly-figures.csv"
    document.write_text("route,arrivals\nland,120\nsea,80\n")
    open_network(be_ilo, "ILO network Türkiye")
    be_ilo.fill("document-title", f"Figures {title}")
    be_ilo.find("#document-file").send_keys(str(document))
    be_ilo.find("#upload-document").click()
    assert be_ilo.read("#document-title") == f"Figures {title}"
    assert "quarterly-figures.csv" in be_ilo.read("#versions")

    de_ilo = officers("DE", "liaison-officer", "de-ilo")
    open_network(de_ilo, "ILO network Türkiye")
    de_ilo.until(de_ilo.driver.current_url.replace(de_ilo.node["webURL"], ""), lambda page: title in page, "the meeting never reached DE")
    de_ilo.driver.find_element(By.LINK_TEXT, title).click()
    assert "Land crossings rose" in de_ilo.read("#minutes-text")
    assert de_ilo.read("#read-only"), "DE reads BE's meeting as a copy"
    assert not de_ilo.driver.find_elements(By.ID, "activity-form"), "DE must not be offered to change BE's meeting"
    de_ilo.shot("network-minutes-at-DE")
    open_network(de_ilo, "ILO network Türkiye")
    network_path = de_ilo.driver.current_url.replace(de_ilo.node["webURL"], "")
    de_ilo.until(network_path, lambda page: f"Figures {title}" in page, "the document never reached DE")
