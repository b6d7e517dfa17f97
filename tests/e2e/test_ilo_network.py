"""The ILO network in a real browser, across two nodes of the demo: a Belgian liaison officer
records a deployment; a German one sees it in the network-wide list as a read-only copy of
BE's, with its history, and finds it by the filters; a form that does not hold keeps what was
typed and says why."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import contract
from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)


def record(officer, name, country="KE", region="horn-of-africa"):
    officer.go("/deployments/new")
    officer.fill("officerName", name)
    officer.fill("mailbox", "ilo.nairobi@be.liaison.example")
    Select(officer.find("#hostCountry")).select_by_value(country)
    officer.fill("hostCity", "Nairobi")
    Select(officer.find("#region")).select_by_value(region)
    for task in ("migration-routes", "smuggling-and-trafficking"):
        officer.find(f"input[name='tasks[]'][value='{task}']").click()
    officer.find("input[name='representedStates[]'][value='LU']").click()
    officer.find("#save-deployment").click()


def test_a_deployment_recorded_at_BE_is_seen_at_DE(officers):  # noqa: F811
    name = f"Officer {uuid.uuid4().hex[:6]}"
    be_ilo = officers("BE", "liaison-officer", "be-ilo")
    record(be_ilo, name)
    assert be_ilo.read("#officer") == name
    assert "Kenya" in be_ilo.read("#deployment-facts") and "Luxembourg" in be_ilo.read("#deployment-facts")
    be_ilo.shot("1-recorded")

    de_ilo = officers("DE", "liaison-officer", "de-ilo")
    de_ilo.until("/deployments", lambda page: name in page, "the deployment recorded at BE never reached DE")
    row = de_ilo.find(f"#deployments tr[data-officer='{name}']")
    assert "be-" in row.text or "Belgi" in row.text, row.text
    row.find_element(By.CSS_SELECTOR, "a").click()
    assert "read-only" in de_ilo.read("#read-only").lower()
    assert "Recorded" in de_ilo.read("#deployment-history")
    assert not de_ilo.driver.find_elements(By.ID, "deployment-form"), "DE must not be offered to change BE's deployment"
    de_ilo.shot("2-seen-at-DE")

    # The filters find it by region and leave it out of another.
    de_ilo.go("/deployments?region=horn-of-africa")
    assert name in de_ilo.read("#deployments")
    de_ilo.go("/deployments?region=americas")
    assert name not in de_ilo.read("#deployments")
    # The coverage counts the region as covered, on the page and in the API.
    coverage = contract.call(de_ilo.node["webURL"], de_ilo.user["apiToken"], "GET", "/deployments/coverage")
    horn = next(region for region in coverage["regions"] if region["region"] == "horn-of-africa")
    assert not horn["gap"] and "BE" in horn["deployingBodies"]


def test_a_deployment_that_does_not_hold_keeps_what_was_typed(officers):  # noqa: F811
    fr_ilo = officers("FR", "liaison-officer", "fr-ilo")
    fr_ilo.go("/deployments/new")
    fr_ilo.fill("officerName", "Nadia Benali")
    fr_ilo.find("#save-deployment").click()
    failure = fr_ilo.read("#failure")
    assert failure, "no explanation shown"
    assert fr_ilo.read("#officerName", "value") == "Nadia Benali"
    assert fr_ilo.driver.find_elements(By.CSS_SELECTOR, ".has-error #hostCountry"), "the host country is not marked"
    fr_ilo.shot("refused")
