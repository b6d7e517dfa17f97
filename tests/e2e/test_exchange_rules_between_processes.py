"""The receiving node re-checks the rules itself: envelopes forged past the sender's checks,
built here by an independent implementation of docs/FEDERATION.md (canonical form, Ed25519,
mutual TLS with the sending node's own credentials), reach the DE node process of the demo.
A well-formed request is receipted; a cross-kind one (R1), one about an EU national in any
spelling (R5), one with narrative in a date (R4) and a contact-point message with personal
data (R8) are refused with their rule's code, and DE's inbox does not hold them."""
import base64
import hashlib
import http.client
import json
import os
import pathlib
import ssl
import time
import uuid

import pytest

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

import contract

DATA = pathlib.Path(os.environ.get("LIAISON_DEMO_DATA", "tests/e2e/artifacts/data"))


def canonical(fields, header="liaison-envelope-v1"):
    lines = [header] + [f"{name}={len(value.encode())}:{value}" for name, value in fields]
    return ("\n".join(lines) + "\n").encode()


def envelope(kind, body, from_authority, to_node="de-1", to_authority="de-imm"):
    credentials = DATA / "pki" / "nodes" / "be-1"
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode((credentials / "signing.key").read_text().strip()))
    message_id = str(uuid.uuid4())
    created = int(time.time() * 1000)
    expires = created + 3_600_000
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    fields = [("id", message_id), ("from", "be-1"), ("fromAuthority", from_authority), ("to", to_node), ("toAuthority", to_authority),
              ("kind", kind), ("created", str(created)), ("expires", str(expires)), ("body", encoded)]
    signature = base64.b64encode(key.sign(canonical(fields))).decode()
    return message_id, {"id": message_id.upper(), "fromNode": "be-1", "fromAuthority": from_authority, "toNode": to_node,
                        "toAuthority": to_authority, "kind": kind, "createdMilliseconds": created, "expiresMilliseconds": expires,
                        "body": encoded, "signature": signature}


def post(network, document):
    de = next(n for n in network["nodes"] if n["state"] == "DE")
    host, port = de["federationEndpoint"].removeprefix("https://").split(":")
    credentials = DATA / "pki" / "nodes" / "be-1"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_verify_locations(str(credentials / "ca.crt"))
    context.load_cert_chain(str(credentials / "tls.crt"), str(credentials / "tls.key"))
    connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=10)
    text = document if isinstance(document, str) else json.dumps(document)
    connection.request("POST", "/federation/v1/envelopes", body=text, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def request_body(nationalities, recipient="DE"):
    return {"exchangeID": str(uuid.uuid4()).upper(), "notificationReference": "BE-CT-2026-FORGED", "recipientState": recipient,
            "subject": {"familyNames": "KOVALENKO", "givenNames": "Oleksandr", "nationalities": nationalities},
            "purpose": "Administrative follow-up", "legalBasis": "Art. 6(1)(e) GDPR", "urgency": "normal", "handlingCode": "H0",
            "marking": {"classification": "UNCLASSIFIED", "limite": False}, "requestedCategories": ["identity"]}


def de_inbox_ids(network):
    de = next(n for n in network["nodes"] if n["state"] == "DE")
    token = next(u for u in de["users"] if "immigration-officer" in u["roles"])["apiToken"]
    return {e["id"] for e in contract.call(de["webURL"], token, "GET", "/inbox")["exchanges"]}


def test_a_request_built_from_the_protocol_document_is_receipted(network):
    body = request_body(["UKR"])
    message_id, document = envelope("exchange.request", body, "be-imm")
    status, receipt = post(network, document)
    assert status == 200, receipt
    assert receipt["envelopeID"].lower() == message_id and receipt["receiverNode"] == "de-1"
    # The receipt verifies against DE's key in the signed manifest.
    manifest = json.loads((DATA / "pki" / "manifest.json").read_text())
    de_key = next(n for n in manifest["nodes"] if n["nodeID"] == "de-1")["signingPublicKey"]
    digest = hashlib.sha256(json.dumps(body).encode()).hexdigest()
    assert receipt["bodyDigest"] == digest
    fields = [("envelope", message_id), ("bodyDigest", digest), ("receiver", "de-1"), ("received", str(receipt["receivedMilliseconds"]))]
    Ed25519PublicKey.from_public_bytes(base64.b64decode(de_key)).verify(base64.b64decode(receipt["signature"]), canonical(fields, "liaison-receipt-v1"))
    assert body["exchangeID"] in de_inbox_ids(network)


def test_an_envelope_with_a_key_twice_is_refused(network):
    # Signed as a request; a reader keeping the last "kind" would see a ping.
    body = request_body(["UKR"])
    _, document = envelope("exchange.request", body, "be-imm")
    text = json.dumps(document)[:-1] + ', "kind": "network.ping"}'
    status, problem = post(network, text)
    assert status == 422 and problem["code"] == "federation.malformed", problem
    assert body["exchangeID"] not in de_inbox_ids(network)


def test_R1_sameKindAbroad_refused_by_the_receiving_process(network):
    body = request_body(["UKR"])
    _, document = envelope("exchange.request", body, "be-ct")
    status, problem = post(network, document)
    assert status == 403 and problem["code"] == "policy.R1.sameKindAbroad", problem
    assert body["exchangeID"] not in de_inbox_ids(network)


def test_R5_notAForeigner_refused_by_the_receiving_process(network):
    body = request_body(["POL"])
    _, document = envelope("exchange.request", body, "be-imm")
    status, problem = post(network, document)
    assert status == 422 and problem["code"] == "policy.R5.notAForeigner", problem
    assert body["exchangeID"] not in de_inbox_ids(network)


@pytest.mark.parametrize("nationality", ["D<<", "deu", " fra ", "REU", "<AUT"])
def test_R5_notAForeigner_every_spelling_refused_by_the_receiving_process(network, nationality):
    body = request_body(["UKR", nationality])
    _, document = envelope("exchange.request", body, "be-imm")
    status, problem = post(network, document)
    assert status == 422 and problem["code"] == "policy.R5.notAForeigner", problem
    assert body["exchangeID"] not in de_inbox_ids(network)


def test_R4_notAdministrative_narrative_in_a_date_refused_by_the_receiving_process(network):
    body = request_body(["UKR"])
    narrative = "Seen with known associates; assessed as dangerous. " * 8
    body["subject"]["documents"] = [{"type": "P", "number": "FA123456", "issuingState": "UKR", "expiryDate": narrative}]
    _, document = envelope("exchange.request", body, "be-imm")
    status, problem = post(network, document)
    assert status == 422 and problem["code"] == "input.invalid", problem
    assert "expiryDate" in problem["detail"]
    assert body["exchangeID"] not in de_inbox_ids(network)


def test_R8_personalDataInMessage_refused_by_the_receiving_process(network):
    body = {"messageID": str(uuid.uuid4()).upper(), "title": "Check", "text": "Born 14.03.1990, passport FA123456",
            "handlingCode": "H0", "marking": {"classification": "UNCLASSIFIED", "limite": False}}
    _, document = envelope("exchange.contactMessage", body, "be-imm")
    status, problem = post(network, document)
    assert status == 422 and problem["code"] == "policy.R8.personalDataInMessage", problem
