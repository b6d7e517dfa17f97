"""A data subject's request for access in a real browser, from the identity entered to the
PDF: DE's data protection officer enters the name as the person wrote it, in Latin letters;
the matcher finds the person's records, held in Arabic script; the officer confirms one; the
report lists it with its purpose and legal basis, and its PDF carries the same."""
import io
import urllib.request

from pypdf import PdfReader

from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)


def test_an_access_request_from_entry_to_pdf(officers):  # noqa: F811
    dpo = officers("DE", "data-protection-officer", "de-dpo")
    dpo.go("/dpo/access-requests")
    dpo.find("#open-access-request").click()
    assert "familyNames" in dpo.read("#failure") and dpo.find("#familyNames-error"), "an empty name is not marked at its field"

    dpo.fill("familyNames", "AL HASHIMI")
    dpo.fill("givenNames", "Omar")
    dpo.find("#open-access-request").click()
    reference = dpo.read("#access-reference")
    assert reference.startswith("AR-"), reference
    due = dpo.read("#access-due")
    dpo.shot("access-found")

    records = [box for box in dpo.driver.find_elements("css selector", "#findings input[name='persons[]']")
               if box.get_attribute("value").startswith("record/")]
    assert records, "no record of the person was found under the Latin spelling"
    chosen = records[0].get_attribute("value")
    records[0].click()
    dpo.find("#confirm-findings").click()
    assert "report lists" in dpo.read("#notice")
    assert chosen.split("/", 1)[1] in dpo.read("#confirmed")

    dpo.go("/dashboard")
    assert reference in dpo.read("main") and due in dpo.read("main"), "the deadline is not on the dashboard"

    dpo.go(f"/dpo/access-requests/{reference}")
    dpo.find("#report-html").click()
    report = dpo.read("body")
    assert reference in report and "Legal basis" in report and chosen.split("/", 1)[1] in report, report[:500]
    dpo.shot("access-report")

    # The PDF, fetched with the officer's session as the link would.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in dpo.driver.get_cookies())
    pdf_request = urllib.request.Request(dpo.node["webURL"] + f"/dpo/access-requests/{reference}/report.pdf", headers={"Cookie": cookies})
    with urllib.request.urlopen(pdf_request, timeout=60) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert reference in text and chosen.split("/", 1)[1] in text, text[:500]
