#!/usr/bin/env bash
# Identity-matching benchmark: Liaison vs rapidfuzz vs nomenklatura (logic-v2), same files,
# same run. Usage: benchmarks/matching/run.sh [RECORDS] [QUERIES] [SEED]
# Set LIAISON_BIN to use an already built `liaison` binary; otherwise the release product is
# built (under the shared build lock). Results: data/N/report.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-100000}"; q="${2:-1000}"; seed="${3:-42}"
if ! command -v pkg-config >/dev/null || [ ! -e /usr/include/unicode/utrans.h ]; then
    apt-get install -y -q libicu-dev pkg-config >/dev/null
fi
if [ ! -x "$here/.venv/bin/python" ]; then python3 -m venv "$here/.venv"; fi
"$here/.venv/bin/pip" install -q rapidfuzz faker PyICU nomenklatura
py="$here/.venv/bin/python"
bin="${LIAISON_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$root" && flock /tmp/liaison-swift-build.lock swift build -c release --product liaison)
    bin="$root/.build/release/liaison"
fi
data="$here/data/$n"
mkdir -p "$data"
if [ ! -s "$data/truth.jsonl" ]; then
    "$py" "$here/generate.py" --records "$n" --queries "$q" --seed "$seed" --out "$data"
fi
measure() {  # name, command...: results to $data/name.jsonl, timings to $data/name.err
    local name="$1"; shift
    /usr/bin/time -v "$@" > "$data/$name.jsonl" 2> "$data/$name.err"
}
measure liaison "$bin" match --records "$data/records.jsonl" --queries "$data/queries.jsonl" --top 10
measure rapidfuzz "$py" "$here/baselines.py" rapidfuzz "$data/records.jsonl" "$data/queries.jsonl" 10
measure nomenklatura "$py" "$here/baselines.py" nomenklatura "$data/records.jsonl" "$data/queries.jsonl" 10
{
    echo "records: $n, queries: $q, seed: $seed"
    echo
    "$py" "$here/evaluate.py" "$data/truth.jsonl" \
        "liaison=$data/liaison.jsonl:$data/liaison.err" \
        "rapidfuzz=$data/rapidfuzz.jsonl:$data/rapidfuzz.err" \
        "nomenklatura=$data/nomenklatura.jsonl:$data/nomenklatura.err"
    echo
    for s in liaison rapidfuzz nomenklatura; do
        echo "$s max RSS (KiB): $(grep 'Maximum resident' "$data/$s.err" | awk '{print $NF}')"
    done
} | tee "$data/report.md"
