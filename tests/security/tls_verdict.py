"""Reads testssl's JSON findings for the federation port and fails on anything below the
node's promise: TLS 1.3 only, and no finding of severity HIGH or CRITICAL."""
import json
import sys

findings = json.load(open(sys.argv[1]))
if isinstance(findings, dict):
    findings = findings.get("scanResult", [{}])[0].get("findings", findings.get("findings", []))
by_id = {f.get("id"): f for f in findings}
problems = []
for protocol in ("SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2"):
    verdict = by_id.get(protocol, {}).get("finding", "")
    if "not offered" not in verdict:
        problems.append(f"{protocol}: {verdict or 'not tested'}")
if "offered" not in by_id.get("TLS1_3", {}).get("finding", "") or "not offered" in by_id.get("TLS1_3", {}).get("finding", ""):
    problems.append(f"TLS1_3: {by_id.get('TLS1_3', {}).get('finding', 'not tested')}")
severe = [f for f in findings if f.get("severity") in ("HIGH", "CRITICAL")]
problems += [f"{f['id']} ({f['severity']}): {f.get('finding', '')}" for f in severe]
checked = len(findings)
if problems:
    print("tls: the federation port falls short:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"tls: federation port offers TLS 1.3 only; {checked} findings, none HIGH or CRITICAL")
