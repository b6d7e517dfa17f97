#!/usr/bin/env python3
"""Scores `liaison pii-check` against an annotated set of strategic-report passages.

Usage:
  python3 benchmarks/pii-eval.py [--liaison PATH] [--set FILE] [--json] [--errors]
  python3 benchmarks/pii-eval.py --self-check [--set FILE ...]

Each line of a set is {"id", "lang", "text"}; inside "text" every personal-data span is
marked inline as {{kind:span text}}. The markup is stripped to obtain the plain text and the
gold spans (offsets in Unicode scalars, end exclusive — Python str indices). The detector is
launched once per passage with the plain text on stdin and must print
{"personalData": [{"kind", "start", "end"}], "publishable": bool}.

Figures: passages decided right (publishable == no gold span), clean passages blocked,
passages with personal data let through, span recall (any kind, overlap >= 1 scalar), per
kind recall (same kind) and precision (predicted spans of that kind overlapping a gold span
of any kind), detector time. Exit 0 whatever the figures; 2 if the detector cannot be run,
3 if it prints invalid output; --self-check exits 1 if a file has a problem.
"""
import argparse, contextlib, json, os, re, subprocess, sys, time
from collections import Counter, defaultdict

KINDS = ["name", "birthDate", "documentNumber", "mrz", "phone", "email", "address", "plate", "iban"]
LANGS = ["en", "fr", "de"]
MARK = re.compile(r"\{\{([A-Za-z]+):(.*?)\}\}", re.S)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_PER_KIND = 15
CLEAN_SHARE = (0.40, 0.50)


class SetError(Exception):
    pass


def parse_text(marked):
    """Marked text -> (plain text, [(kind, start, end)]), or raise SetError."""
    out, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos:m.start()]
        if "{{" in before or "}}" in before:
            raise SetError("stray or nested braces before offset %d" % m.start())
        kind, body = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SetError("unknown kind %r" % kind)
        if not body or body != body.strip():
            raise SetError("empty span or span with outer whitespace: %r" % body)
        if "{{" in body or "}}" in body or "{" in body:
            raise SetError("nested markup in span %r" % body)
        out.append(before); length += len(before)
        spans.append((kind, length, length + len(body)))
        out.append(body); length += len(body)
        pos = m.end()
    rest = marked[pos:]
    if "{{" in rest or "}}" in rest:
        raise SetError("stray braces after the last span")
    out.append(rest)
    return "".join(out), spans


def load_set(path):
    items, errors = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append("%s:%d: invalid JSON (%s)" % (path, n, e)); continue
            if not isinstance(obj, dict) or set(obj) != {"id", "lang", "text"}:
                errors.append("%s:%d: expected exactly the keys id, lang, text" % (path, n)); continue
            if not all(isinstance(obj[k], str) for k in obj):
                errors.append("%s:%d: id, lang and text must be strings" % (path, n)); continue
            try:
                text, spans = parse_text(obj["text"])
            except SetError as e:
                errors.append("%s:%d (%s): %s" % (path, n, obj["id"], e)); continue
            items.append({"id": obj["id"], "lang": obj["lang"], "marked": obj["text"],
                          "text": text, "gold": spans, "line": n})
    return items, errors


# ---------------------------------------------------------------- self-check helpers

def mrz_check_digit(s):
    weights = (7, 3, 1); total = 0
    for i, c in enumerate(s):
        if c.isdigit(): v = int(c)
        elif c.isalpha(): v = ord(c) - 55
        else: v = 0
        total += v * weights[i % 3]
    return str(total % 10)


def mrz_problems(lines):
    """lines: consecutive MRZ lines of one document. Returns a list of problems."""
    lens = [len(l) for l in lines]
    if any(not re.fullmatch(r"[A-Z0-9<]+", l) for l in lines):
        return ["characters outside A-Z0-9<"]
    if lens == [44, 44]:
        l2 = lines[1]
        checks = [(l2[0:9], l2[9]), (l2[13:19], l2[19]), (l2[21:27], l2[27])]
        composite = l2[0:10] + l2[13:20] + l2[21:43]
        if l2[28:42].strip("<"): checks.append((l2[28:42], l2[42]))
        checks.append((composite, l2[43]))
    elif lens == [36, 36]:
        l2 = lines[1]
        checks = [(l2[0:9], l2[9]), (l2[13:19], l2[19]), (l2[21:27], l2[27]),
                  (l2[0:10] + l2[13:20] + l2[21:35], l2[35])]
    elif lens == [30, 30, 30]:
        l1, l2 = lines[0], lines[1]
        checks = [(l1[5:14], l1[14]), (l2[0:6], l2[6]), (l2[8:14], l2[14]),
                  (l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])]
    else:
        return ["line lengths %s are not TD1 (3x30), TD2 (2x36) or TD3 (2x44)" % lens]
    bad = [field for field, digit in checks if mrz_check_digit(field) != digit and digit != "<"]
    return ["check digit wrong for %r" % b for b in bad]


def iban_ok(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def self_check(paths):
    ok = True
    span_texts = {}
    for path in paths:
        items, errors = load_set(path)
        problems = list(errors)
        warnings = []
        ids = Counter(i["id"] for i in items)
        problems += ["%s: id %s used %d times" % (path, k, v) for k, v in ids.items() if v > 1]
        for it in items:
            if it["lang"] not in LANGS:
                problems.append("%s: %s has unknown lang %r" % (path, it["id"], it["lang"]))
            elif not it["id"].startswith(it["lang"] + "-"):
                warnings.append("%s: id %s does not start with its lang" % (path, it["id"]))
            if "\\n" in it["text"]:
                warnings.append("%s: %s contains a literal backslash-n" % (path, it["id"]))
            # MRZ: group consecutive mrz spans separated only by a line break into documents
            mrz = [(s, e) for k, s, e in it["gold"] if k == "mrz"]
            groups, cur = [], []
            for s, e in mrz:
                if cur and it["text"][cur[-1][1]:s] not in ("\n", "\r\n"):
                    groups.append(cur); cur = []
                cur.append((s, e))
            if cur: groups.append(cur)
            for g in groups:
                for p in mrz_problems([it["text"][s:e] for s, e in g]):
                    warnings.append("%s: %s MRZ: %s" % (path, it["id"], p))
            for k, s, e in it["gold"]:
                body = it["text"][s:e]
                if k == "iban" and not iban_ok(body):
                    warnings.append("%s: %s IBAN check digits wrong: %s" % (path, it["id"], body))
                if k == "email" and not re.fullmatch(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}", body):
                    warnings.append("%s: %s odd e-mail span %r" % (path, it["id"], body))
                span_texts.setdefault(body, set()).add(path)
            plain_outside = MARK.sub(" ", it["marked"])
            if re.search(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", plain_outside):
                warnings.append("%s: %s has an unmarked e-mail address" % (path, it["id"]))
        n = len(items)
        clean = sum(1 for i in items if not i["gold"])
        kinds = Counter(k for i in items for k, _, _ in i["gold"])
        by_lang = Counter(i["lang"] for i in items)
        clean_lang = Counter(i["lang"] for i in items if not i["gold"])
        kinds_lang = defaultdict(Counter)
        for i in items:
            for k, _, _ in i["gold"]:
                kinds_lang[k][i["lang"]] += 1
        print("%s: %d passages, %d clean (%.1f%%), %d with personal data, %d spans"
              % (path, n, clean, 100 * clean / n if n else 0, n - clean, sum(kinds.values())))
        print("  %-16s %6s %6s %6s" % ("language", "total", "clean", "spans"))
        for l in LANGS:
            print("  %-16s %6d %6d %6d" % (l, by_lang[l], clean_lang[l],
                                           sum(kinds_lang[k][l] for k in KINDS)))
        print("  %-16s %6s %6s %6s %6s" % ("kind", "spans", "en", "fr", "de"))
        for k in KINDS:
            print("  %-16s %6d %6d %6d %6d" % (k, kinds[k], kinds_lang[k]["en"],
                                               kinds_lang[k]["fr"], kinds_lang[k]["de"]))
            if kinds[k] < MIN_PER_KIND:
                problems.append("%s: only %d %s spans (minimum %d)" % (path, kinds[k], k, MIN_PER_KIND))
        if n and not CLEAN_SHARE[0] <= clean / n <= CLEAN_SHARE[1]:
            problems.append("%s: clean share %.1f%% outside %d-%d%%"
                            % (path, 100 * clean / n, 100 * CLEAN_SHARE[0], 100 * CLEAN_SHARE[1]))
        for w in warnings: print("  warning: " + w)
        for p in problems: print("  PROBLEM: " + p)
        ok = ok and not problems
    if len(paths) > 1:
        shared = sorted(t for t, ps in span_texts.items() if len(ps) > 1)
        for t in shared:
            print("warning: span text %r appears in more than one file" % t)
    print("self-check: %s" % ("ok" if ok else "problems found"))
    return 0 if ok else 1


# ---------------------------------------------------------------- scoring

def default_liaison():
    for p in (".build/release/liaison", ".build/debug/liaison"):
        full = os.path.join(ROOT, p)
        if os.path.exists(full):
            return full
    return os.path.join(ROOT, ".build/debug/liaison")


def run_detector(binary, text):
    start = time.perf_counter()
    try:
        proc = subprocess.run([binary, "pii-check"], input=text.encode("utf-8"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError("cannot run %s pii-check: %s" % (binary, e))
    elapsed = time.perf_counter() - start
    out = proc.stdout.decode("utf-8", "replace")
    if not out.strip() and proc.returncode != 0:
        raise RuntimeError("%s pii-check printed nothing and exited %d: %s" % (
            binary, proc.returncode, proc.stderr.decode("utf-8", "replace").strip()[:500]))
    try:
        obj = json.loads(out)
    except json.JSONDecodeError:
        raise ValueError("invalid JSON (exit %d): %r%s" % (
            proc.returncode, out[:300],
            ("\nstderr: " + proc.stderr.decode("utf-8", "replace")[:500]) if proc.stderr else ""))
    if (not isinstance(obj, dict) or not isinstance(obj.get("publishable"), bool)
            or not isinstance(obj.get("personalData"), list)):
        raise ValueError("output lacks a boolean publishable and a personalData list: %r" % out[:300])
    spans = []
    for p in obj["personalData"]:
        if (not isinstance(p, dict) or not isinstance(p.get("kind"), str)
                or type(p.get("start")) is not int or type(p.get("end")) is not int):
            raise ValueError("personalData entry is not {kind, start, end}: %r" % (p,))
        spans.append((p["kind"], p["start"], p["end"]))
    return obj["publishable"], spans, elapsed


def overlaps(a, b):
    return a[1] < b[2] and b[1] < a[2]


def ratio(a, b):
    return a / b if b else None


def score(items, results):
    n = len(items)
    right = clean = clean_blocked = dirty = dirty_passed = 0
    inconsistent = out_of_range = 0
    gold_total = gold_found = 0
    pred_total = pred_on_gold = 0
    rec = {k: [0, 0] for k in KINDS}          # same-kind found, gold
    prec = defaultdict(lambda: [0, 0])        # on gold (any kind), predicted
    lang = defaultdict(lambda: [0, 0])
    mistakes = []
    for it in items:
        publishable, pred, _ = results[it["id"]]
        gold, L = it["gold"], len(it["text"])
        expected = not gold
        good = publishable == expected
        right += good
        lang[it["lang"]][0] += good; lang[it["lang"]][1] += 1
        if gold:
            dirty += 1; dirty_passed += publishable
        else:
            clean += 1; clean_blocked += not publishable
        if publishable and pred:
            inconsistent += 1
        valid = [p for p in pred if 0 <= p[1] < p[2] <= L]
        out_of_range += len(pred) - len(valid)
        missed, wrong_kind = [], []
        for g in gold:
            gold_total += 1; rec[g[0]][1] += 1
            hits = [p for p in valid if overlaps(g, p)]
            gold_found += bool(hits)
            same = any(p[0] == g[0] for p in hits)
            rec[g[0]][0] += same
            if not hits: missed.append(g)
            elif not same: wrong_kind.append(g)
        spurious = []
        for p in pred:
            pred_total += 1; prec[p[0]][1] += 1
            on = p in valid and any(overlaps(g, p) for g in gold)
            pred_on_gold += on; prec[p[0]][0] += on
            if not on: spurious.append(p)
        if not good or missed or wrong_kind or spurious:
            mistakes.append((it, publishable, pred, missed, wrong_kind, spurious))
    per_kind = {}
    for k in list(KINDS) + sorted(set(prec) - set(KINDS)):
        r, p = rec.get(k, [0, 0]), prec.get(k, [0, 0])
        per_kind[k] = {"gold": r[1], "recall": ratio(r[0], r[1]),
                       "predicted": p[1], "precision": ratio(p[0], p[1])}
    figures = {
        "passages": n, "clean": clean, "withPersonalData": dirty,
        "decidedRight": ratio(right, n), "decidedRightCount": right,
        "cleanBlocked": ratio(clean_blocked, clean), "cleanBlockedCount": clean_blocked,
        "personalDataLetThrough": ratio(dirty_passed, dirty), "personalDataLetThroughCount": dirty_passed,
        "spanRecall": ratio(gold_found, gold_total), "goldSpans": gold_total,
        "spanPrecision": ratio(pred_on_gold, pred_total), "predictedSpans": pred_total,
        "perKind": per_kind,
        "decidedRightByLang": {l: ratio(lang[l][0], lang[l][1]) for l in LANGS + sorted(set(lang) - set(LANGS)) if l in lang},
        "publishableWithSpans": inconsistent, "spansOutOfRange": out_of_range,
    }
    return figures, mistakes


def pct(x):
    return "   -  " if x is None else "%5.1f%%" % (100 * x)


def print_table(f, set_path, binary):
    print("PII detector: %s pii-check   set: %s" % (binary, set_path))
    print("%d passages: %d clean, %d with personal data, %d gold spans"
          % (f["passages"], f["clean"], f["withPersonalData"], f["goldSpans"]))
    print()
    print("  %-40s %s  (%d/%d)" % ("passages decided right", pct(f["decidedRight"]),
                                   f["decidedRightCount"], f["passages"]))
    print("  %-40s %s  (%d/%d)" % ("clean passages blocked", pct(f["cleanBlocked"]),
                                   f["cleanBlockedCount"], f["clean"]))
    print("  %-40s %s  (%d/%d)" % ("passages with personal data let through",
                                   pct(f["personalDataLetThrough"]),
                                   f["personalDataLetThroughCount"], f["withPersonalData"]))
    print("  %-40s %s" % ("span recall (any kind)", pct(f["spanRecall"])))
    print("  %-40s %s  (%d predicted)" % ("span precision (any kind)", pct(f["spanPrecision"]),
                                          f["predictedSpans"]))
    for l, v in f["decidedRightByLang"].items():
        print("  %-40s %s" % ("decided right, " + l, pct(v)))
    print()
    print("  %-16s %6s %8s %10s %10s" % ("kind", "gold", "recall", "predicted", "precision"))
    for k, v in f["perKind"].items():
        print("  %-16s %6d %8s %10d %10s" % (k, v["gold"], pct(v["recall"]), v["predicted"],
                                             pct(v["precision"])))
    t = f["time"]
    print()
    print("  detector time %.2f s in total, %.1f ms per passage, largest %.1f ms (%s)"
          % (t["totalSeconds"], 1000 * t["perPassageSeconds"], 1000 * t["maxSeconds"], t["maxId"]))
    if f["publishableWithSpans"]:
        print("  note: %d outputs say publishable while listing personal data" % f["publishableWithSpans"])
    if f["spansOutOfRange"]:
        print("  note: %d predicted spans lie outside the text (counted as false positives)"
              % f["spansOutOfRange"])


def render(text, spans, left, right):
    """Text with spans inlined; overlapping spans after the first are listed separately."""
    out, pos, extra = [], 0, []
    for k, s, e in sorted(spans, key=lambda p: (p[1], -p[2])):
        if s < pos or not (0 <= s < e <= len(text)):
            extra.append((k, s, e)); continue
        out.append(text[pos:s]); out.append("%s%s:%s%s" % (left, k, text[s:e], right)); pos = e
    out.append(text[pos:])
    return "".join(out), extra


def short(s, n=60):
    r = repr(s)
    return r if len(r) <= n else r[:n - 4] + "...'"


def print_errors(mistakes):
    for it, publishable, pred, missed, wrong_kind, spurious in mistakes:
        text = it["text"]
        expected = not it["gold"]
        head = "== %s (%s)  expected publishable=%s, got %s" % (
            it["id"], it["lang"], str(expected).lower(), str(publishable).lower())
        print(head)
        gold_line, _ = render(text, it["gold"], "{{", "}}")
        pred_line, extra = render(text, pred, "[[", "]]")
        print("  gold: " + gold_line.replace("\n", "\n        "))
        print("  pred: " + pred_line.replace("\n", "\n        "))
        for k, s, e in extra:
            print("        also [[%s %d-%d %r]]" % (k, s, e, text[max(s, 0):max(e, 0)]))
        width = max([len(short(text[s:e])) for _, s, e in it["gold"]] + [20])
        rows = max(len(it["gold"]), len(pred))
        if rows:
            print("  %-*s | %s" % (width + 24, "gold spans", "predicted spans"))
        gs = sorted(it["gold"], key=lambda g: g[1]); ps = sorted(pred, key=lambda p: p[1])
        for i in range(rows):
            g = gs[i] if i < len(gs) else None
            p = ps[i] if i < len(ps) else None
            gl = ("%-14s %4d-%-4d %s" % (g[0], g[1], g[2], short(text[g[1]:g[2]]))) if g else ""
            pl = ("%-14s %4d-%-4d %s" % (p[0], p[1], p[2], short(text[max(p[1], 0):max(p[2], 0)]))) if p else ""
            print("  %-*s | %s" % (width + 24, gl, pl))
        for k, s, e in missed:
            print("  missed     %s %r" % (k, text[s:e]))
        for k, s, e in wrong_kind:
            print("  wrong kind %s %r" % (k, text[s:e]))
        for k, s, e in spurious:
            print("  spurious   %s %s" % (k, short(text[max(s, 0):max(e, 0)], 200)))
        print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--liaison", help="detector binary (default .build/release/liaison, else .build/debug/liaison)")
    ap.add_argument("--set", action="append", help="annotated set (default benchmarks/pii/test.jsonl; "
                    "--self-check without --set checks dev and test)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="print every passage with a mistake, gold and predicted side by side "
                    "(on stderr when --json is given)")
    ap.add_argument("--self-check", action="store_true", help="validate the set files; no detector needed")
    a = ap.parse_args()

    if a.self_check:
        paths = a.set or [os.path.join(ROOT, "benchmarks/pii/dev.jsonl"),
                          os.path.join(ROOT, "benchmarks/pii/test.jsonl")]
        sys.exit(self_check(paths))

    if a.set and len(a.set) > 1:
        ap.error("scoring takes one --set")
    set_path = a.set[0] if a.set else os.path.join(ROOT, "benchmarks/pii/test.jsonl")
    items, errors = load_set(set_path)
    if errors:
        for e in errors: print(e, file=sys.stderr)
        sys.exit("the set is malformed; run --self-check")
    binary = a.liaison or default_liaison()
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print("cannot run the detector: %s is not an executable file" % binary, file=sys.stderr)
        sys.exit(2)

    results, times = {}, []
    for it in items:
        try:
            results[it["id"]] = run_detector(binary, it["text"])
        except RuntimeError as e:
            print(e, file=sys.stderr); sys.exit(2)
        except ValueError as e:
            print("%s: detector output for %s: %s" % (set_path, it["id"], e), file=sys.stderr); sys.exit(3)
        times.append((results[it["id"]][2], it["id"]))

    figures, mistakes = score(items, results)
    total = sum(t for t, _ in times)
    slowest = max(times) if times else (0.0, "-")
    figures["time"] = {"totalSeconds": total, "perPassageSeconds": total / len(times) if times else 0.0,
                       "maxSeconds": slowest[0], "maxId": slowest[1]}
    figures["set"] = os.path.relpath(set_path, ROOT) if set_path.startswith(ROOT) else set_path
    figures["detector"] = binary

    if a.errors:
        if a.json:  # keep stdout valid JSON
            with contextlib.redirect_stdout(sys.stderr):
                print_errors(mistakes)
        else:
            print_errors(mistakes)
    if a.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print_table(figures, set_path, binary)


if __name__ == "__main__":
    main()
