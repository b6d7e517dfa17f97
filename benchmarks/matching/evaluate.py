#!/usr/bin/env python3
"""Scores result files against truth: precision@1, recall@10, F1 of the match decision,
false-match rate on queries with no true match, and a breakdown by script and variant.
Usage: evaluate.py TRUTH NAME=RESULTS[:TIMINGS] ...  (prints a Markdown table)"""
import json, sys
from collections import defaultdict

def load(p):
    with open(p) as f: return [json.loads(l) for l in f if l.strip()]

def metrics(truth, results):
    res = {r["query"]: r["candidates"] for r in results}
    tp = fp = fn = 0; p1 = pos = r10 = neg = fneg = 0
    by = defaultdict(lambda: [0, 0])
    for t in truth:
        c = res.get(t["query"], [])
        matched = [x["id"] for x in c if x["match"]]
        if t["truth"]:
            pos += 1
            ok1 = bool(c) and c[0]["id"] == t["truth"]
            p1 += ok1
            r10 += t["truth"] in [x["id"] for x in c[:10]]
            tp += t["truth"] in matched
            fn += t["truth"] not in matched
            fp += sum(1 for m in matched if m != t["truth"])
            good = t["truth"] in matched and all(m == t["truth"] for m in matched)
        else:
            neg += 1
            fneg += bool(matched)
            fp += len(matched)
            good = not matched
        for key in ("script:" + t["script"], "variant:" + t["variant"]):
            by[key][0] += good; by[key][1] += 1
    prec = tp / (tp + fp) if tp + fp else 0; rec = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0
    return {"precision@1": p1 / pos, "recall@10": r10 / pos, "F1": f1, "falseMatchRate": fneg / neg if neg else 0}, by

def main():
    truth = load(sys.argv[1])
    rows, bys, names = [], [], []
    for arg in sys.argv[2:]:
        name, _, rest = arg.partition("=")
        path, _, tpath = rest.partition(":")
        m, by = metrics(truth, load(path))
        timing = {}
        if tpath:
            for line in open(tpath):
                if line.startswith("match timings "): timing = json.loads(line[len("match timings "):])
        rows.append((name, m, timing)); bys.append(by); names.append(name)
    print("| system | precision@1 | recall@10 | F1 | false-match rate | queries/s | p50 ms | p95 ms | p99 ms | index build s | peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, m, t in rows:
        print(f"| {name} | {m['precision@1']:.3f} | {m['recall@10']:.3f} | {m['F1']:.3f} | {m['falseMatchRate']:.3f} | "
              f"{t.get('queriesPerSecond', 0):.0f} | {t.get('p50ms', 0):.2f} | {t.get('p95ms', 0):.2f} | {t.get('p99ms', 0):.2f} | "
              f"{t.get('indexSeconds', 0):.1f} | {t.get('peakMemoryMiB', 0):.0f} |")
    print()
    print("Share of queries decided correctly (true match flagged alone, or nothing flagged for a negative):")
    print()
    print("| slice | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for key in sorted(bys[0]):
        n = bys[0][key][1]
        print(f"| {key} | {n} | " + " | ".join(f"{b[key][0] / b[key][1]:.3f}" for b in bys) + " |")

if __name__ == "__main__":
    main()
