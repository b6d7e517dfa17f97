#!/usr/bin/env python3
"""Baselines on the same files as `liaison match`, same output format.

rapidfuzz: names transliterated to Latin with ICU (Any-Latin; Latin-ASCII), blocking on
3-letter prefixes of name tokens, ranked by max(WRatio, Jaro-Winkler) over both name orders
blended with birth-date agreement; match at >= 0.85.
nomenklatura: OpenSanctions' logic-v2 matcher re-ranking rapidfuzz's top 20; match at >= 0.7
(the matcher's own default cut-off in yente).

Usage: baselines.py SYSTEM RECORDS QUERIES TOP > results.jsonl ; timings on stderr.
"""
import json, sys, time, resource
from collections import defaultdict
import icu
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

T = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Upper")
def norm(s):
    return " ".join("".join(c if c.isalpha() else " " for c in T.transliterate(s or "")).split())

def load(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]

def name(r):
    g, f = norm(r.get("givenNames")), norm(r.get("familyNames"))
    return g, f

def date_score(a, b):
    if not a or not b: return 0.5
    if a == b: return 1.0
    if a[:4] == b[:4]: return 0.6 if (len(a) < 10 or len(b) < 10 or a.endswith("01-01") or b.endswith("01-01")) else 0.2
    return 0.0

def main():
    system, rpath, qpath, top = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    t0 = time.time()
    records = load(rpath)
    t1 = time.time()
    names, block = [], defaultdict(list)
    for i, r in enumerate(records):
        g, f = name(r)
        names.append((g, f, f"{g} {f}", f"{f} {g}"))
        for tok in set((g + " " + f).split()):
            block[tok[:3]].append(i)
    t2 = time.time()
    matcher = None
    if system == "nomenklatura":
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        algo = get_algorithm("logic-v2")
        cfg = algo.default_config() if hasattr(algo, "default_config") else {}
        def entity(r, rid):
            e = model.make_entity("Person")
            e.id = rid
            e.add("name", " ".join(x for x in [r.get("givenNames"), r.get("familyNames")] if x))
            if r.get("givenNames"): e.add("firstName", r["givenNames"])
            if r.get("familyNames"): e.add("lastName", r["familyNames"])
            if r.get("birthDate"): e.add("birthDate", r["birthDate"])
            if r.get("nationality"): e.add("nationality", r["nationality"], quiet=True)
            if r.get("documentNumber"): e.add("passportNumber", r["documentNumber"], quiet=True)
            if r.get("sex"): e.add("gender", {"M": "male", "F": "female"}.get(r["sex"]), quiet=True)
            return e
        def matcher(q, r, rid):
            res = algo.compare(entity(q, "q"), entity(r, rid), cfg)
            return res.score if hasattr(res, "score") else res["score"]
    lat = []
    out = sys.stdout
    for q in load(qpath):
        s = time.perf_counter()
        g, f = name(q)
        full = f"{g} {f}"
        cands = set()
        for tok in set(full.split()):
            cands.update(block.get(tok[:3], ()))
        scored = []
        for i in cands:
            rg, rf, a, b = names[i]
            ns = max(fuzz.WRatio(full, a), fuzz.WRatio(full, b)) / 100
            ns = max(ns, JaroWinkler.similarity(full, a), JaroWinkler.similarity(full, b))
            scored.append((0.7 * ns + 0.3 * date_score(q.get("birthDate"), records[i].get("birthDate")), i))
        scored.sort(reverse=True)
        if matcher:
            scored = sorted(((matcher(q, records[i], records[i]["id"]), i) for _, i in scored[:20]), reverse=True)
            thr = 0.7
        else:
            thr = 0.85
        res = [{"id": records[i]["id"], "score": round(sc, 4), "match": sc >= thr, "explanation": ""} for sc, i in scored[:top]]
        lat.append((time.perf_counter() - s) * 1000)
        out.write(json.dumps({"query": q["id"], "candidates": res}) + "\n")
    t3 = time.time()
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] if lat else 0
    stats = {"records": len(records), "queries": len(lat), "loadSeconds": t1 - t0, "indexSeconds": t2 - t1,
             "querySeconds": t3 - t2, "queriesPerSecond": len(lat) / (sum(lat) / 1000) if lat else 0,
             "p50ms": pct(.5), "p95ms": pct(.95), "p99ms": pct(.99),
             "peakMemoryMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    sys.stderr.write("match timings " + json.dumps(stats, sort_keys=True) + "\n")

if __name__ == "__main__":
    main()
