#!/usr/bin/env bash
# sqlmap against every parameter the API takes from a query or a path, with a valid token of
# a role that reaches the route. Fails if sqlmap finds any injection point.
# Usage: injection.sh SQLMAP BASE_URL NETWORK_JSON WORKDIR LEVEL RISK
set -euo pipefail
sqlmap=$1 base=$2 network=$3 work=$4 level=$5 risk=$6
token() { python3 -c "import json,sys; n=json.load(open('$network'))['nodes'][0]; print(next(u['apiToken'] for u in n['users'] if '$1' in u['roles']))"; }
admin=$(token node-administrator)
ct=$(token ct-officer)
imm=$(token immigration-officer)
some=$(uuidgen 2>/dev/null || python3 -c "import uuid; print(uuid.uuid4())")
targets=(
  "$admin|$base/api/v1/audit?actor=x&action=auth.signIn&outcome=success&before=100&limit=5"
  "$admin|$base/api/v1/users/$some*"
  "$admin|$base/api/v1/access-changes"
  "$ct|$base/api/v1/notifications/$some*"
  "$imm|$base/api/v1/requests/$some*"
  "$imm|$base/api/v1/inbox/$some*/candidates"
)
# JSON bodies: every string value is a parameter.
bodies=(
  "$admin|$base/api/v1/users|{\"username\":\"probe.user\",\"displayName\":\"Probe\",\"authorityId\":\"$some\",\"roles\":[\"auditor\"]}"
  "$admin|$base/api/v1/authorities|{\"name\":\"Probe authority\",\"kind\":\"border-management\"}"
)
found=0
for entry in "${targets[@]}" "${bodies[@]}"; do
  IFS='|' read -r bearer url data <<<"$entry"
  log="$work/sqlmap-$(echo "$url$data" | md5sum | cut -c1-8).log"
  headers="Authorization: Bearer $bearer"
  extra=()
  if [ -n "$data" ]; then
    headers="$headers"$'\n'"Content-Type: application/json"
    extra=(--data="$data")
  fi
  "$sqlmap" -u "$url" --headers="$headers" "${extra[@]}" --batch --level="$level" --risk="$risk" \
    --flush-session --ignore-code=400,404,409,422 --output-dir="$work/sqlmap" --disable-coloring >"$log" 2>&1 || true
  if grep -qiE "identified the following injection point|is vulnerable" "$log"; then
    echo "injection: FOUND at $url (see $log)" >&2
    found=1
  elif ! grep -qiE "do not appear to be injectable|not injectable|does not seem to be injectable" "$log"; then
    echo "injection: sqlmap gave no verdict for $url (see $log)" >&2
    tail -5 "$log" >&2
    found=1
  fi
done
[ "$found" -eq 0 ] && echo "injection: $((${#targets[@]} + ${#bodies[@]})) endpoints, every parameter tested, nothing injectable (level $level, risk $risk)"
exit "$found"
