#!/usr/bin/env python3
"""Seeded generator of a labelled identity-matching set (all people invented).

Names come from Faker's locales in their own scripts (Arabic, Persian, Russian, Ukrainian,
Greek, Chinese, and Latin-script European locales); the register keeps a Latin spelling made
with ICU transliterators (PyICU). Queries are realistic variants of a register entry (native
script, other romanisation, typos, OCR confusions, order swaps, merged/split parts, particles,
MRZ truncation, partial or swapped dates) or hard negatives with no true match (namesakes with
the same name and birth year, siblings, 01-01 placeholder collisions, strangers).

Usage: generate.py --records N --queries Q --seed S --out DIR
Writes DIR/records.jsonl, DIR/queries.jsonl, DIR/truth.jsonl ({query, truth|null, script, variant}).
"""
import argparse, json, os, random, unicodedata
import icu
from faker import Faker

LOCALES = {  # script group -> (faker locale, nationality, ICU transform to the register's Latin)
    "arabic": ("ar_SA", "SAU", "Arabic-Latin; Latin-ASCII; Upper"),
    "persian": ("fa_IR", "AFG", "Any-Latin; Latin-ASCII; Upper"),
    "russian": ("ru_RU", "RUS", "Russian-Latin/BGN; Latin-ASCII; Upper"),
    "ukrainian": ("uk_UA", "UKR", "Any-Latin; Latin-ASCII; Upper"),
    "greek": ("el_GR", "GRC", "Greek-Latin/UNGEGN; Latin-ASCII; Upper"),
    "chinese": ("zh_CN", "CHN", "Han-Latin; Latin-ASCII; Upper"),
    "latin": (None, None, "Latin-ASCII; Upper"),
}
LATIN = [("de_DE", "DEU"), ("fr_FR", "FRA"), ("it_IT", "ITA"), ("es_ES", "ESP"), ("pl_PL", "POL"), ("nl_NL", "NLD"), ("sv_SE", "SWE"), ("en_GB", "GBR")]
ALT = {"russian": "Any-Latin; Latin-ASCII; Upper", "ukrainian": "Ukrainian-Latin/BGN; Latin-ASCII; Upper",
       "greek": "Any-Latin; Latin-ASCII; Upper", "arabic": "Any-Latin; Latin-ASCII; Upper",
       "persian": "Arabic-Latin; Latin-ASCII; Upper", "chinese": "Any-Latin; Latin-ASCII; Upper"}
OCR = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
WEIGHTS = [("latin", 30), ("arabic", 18), ("persian", 10), ("russian", 12), ("ukrainian", 10), ("greek", 8), ("chinese", 12)]

_tr = {}
def tr(spec, s):
    if spec not in _tr:
        _tr[spec] = icu.Transliterator.createInstance(spec)
    out = _tr[spec].transliterate(s)
    return "".join(c for c in out if (c.isalpha() and unicodedata.category(c) != "Lm") or c in " -").strip()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    Faker.seed(a.seed)
    fakers = {}
    def faker(loc):
        if loc not in fakers:
            fakers[loc] = Faker(loc)
        return fakers[loc]
    # Pools of native names per group, so common names recur as they do in real registers.
    pools = {}
    for g, (loc, nat, _) in LOCALES.items():
        for l, n in ([(loc, nat)] if loc else LATIN):
            f = faker(l)
            for sex in "MF":
                gen_first = f.first_name_male if sex == "M" else f.first_name_female
                last = f.last_name_male if sex == "M" and hasattr(f, "last_name_male") else f.last_name
                last_f = f.last_name_female if sex == "F" and hasattr(f, "last_name_female") else last
                pools[(g, l, sex)] = ([gen_first() for _ in range(400)], [last_f() for _ in range(1500)], n)
    groups = [g for g, w in WEIGHTS for _ in range(w)]

    def person(g=None, sex=None, family=None, loc=None):
        g = g or rnd.choice(groups)
        loc = loc or (LOCALES[g][0] or rnd.choice(LATIN)[0])
        sex = sex or rnd.choice("MF")
        firsts, lasts, nat = pools[(g, loc, sex)]
        given = rnd.choice(firsts)
        if rnd.random() < 0.3:
            given += " " + rnd.choice(firsts)
        fam = family or rnd.choice(lasts)
        y, m, d = rnd.randint(1950, 2006), rnd.randint(1, 12), rnd.randint(1, 28)
        r = rnd.random()
        bd = f"{y}-01-01" if r < 0.1 else (f"{y}" if r < 0.15 else f"{y}-{m:02d}-{d:02d}")
        doc = "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9)) if rnd.random() < 0.7 else None
        return {"g": g, "loc": loc, "sex": sex, "given": given, "family": fam, "birthDate": bd, "nationality": nat, "doc": doc}

    def latin(p, given=None, family=None):
        spec = LOCALES[p["g"]][2]
        return tr(spec, given if given is not None else p["given"]), tr(spec, family if family is not None else p["family"])

    def record(i, p):
        gv, fm = latin(p)
        r = {"id": f"R{i}", "givenNames": gv, "familyNames": fm, "sex": p["sex"], "birthDate": p["birthDate"], "nationality": p["nationality"]}
        if p["doc"]: r["documentNumber"] = p["doc"]
        return r

    people = [person() for _ in range(a.records)]
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "records.jsonl"), "w") as f:
        for i, p in enumerate(people):
            f.write(json.dumps(record(i, p), ensure_ascii=False) + "\n")

    def typo(s):
        if len(s) < 4: return s
        i = rnd.randrange(1, len(s) - 1)
        op = rnd.choice("sdit")
        c = rnd.choice("AEIOURNSTLKM")
        if op == "s": return s[:i] + c + s[i + 1:]
        if op == "d": return s[:i] + s[i + 1:]
        if op == "i": return s[:i] + c + s[i:]
        return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]

    variants = ["script", "romanisation", "typo", "ocr", "swap", "merge_split", "particle", "truncation", "date", "exact"]
    queries, truth = [], []
    for qi in range(a.queries):
        qid = f"Q{qi}"
        if rnd.random() < 0.7:
            ri = rnd.randrange(a.records)
            p = people[ri]
            gv, fm = latin(p)
            q = {"id": qid, "sex": p["sex"], "birthDate": p["birthDate"], "nationality": p["nationality"]}
            if p["doc"] and rnd.random() < 0.5: q["documentNumber"] = p["doc"]
            v = rnd.choice(variants)
            if v == "script" and p["g"] != "latin":
                gv, fm = p["given"], p["family"]
            elif v == "script" or v == "romanisation":
                v = "romanisation"
                if p["g"] in ALT: gv, fm = tr(ALT[p["g"]], p["given"]), tr(ALT[p["g"]], p["family"])
                else: gv, fm = gv.replace("SS", "S").replace("AE", "A"), fm.replace("OE", "O")
            elif v == "typo":
                fm = typo(fm) if rnd.random() < 0.5 else fm
                gv = typo(gv) if fm == latin(p)[1] else gv
            elif v == "ocr":
                fm = "".join(OCR.get(c, c) if rnd.random() < 0.3 else c for c in fm)
                if "documentNumber" in q: q["documentNumber"] = "".join(OCR.get(c, c) for c in q["documentNumber"])
            elif v == "swap":
                gv, fm = fm, gv
            elif v == "merge_split":
                gv = gv.replace(" ", "") if " " in gv else (gv[:len(gv) // 2] + " " + gv[len(gv) // 2:] if len(gv) >= 8 else gv + " " + fm[:0])
                gv = gv.strip()
            elif v == "particle":
                fm = rnd.choice(["AL-", "AL ", "EL-"]) + fm if not fm.startswith("AL") else fm[2:].lstrip(" -")
            elif v == "truncation":
                full = fm + "<<" + gv.replace(" ", "<")
                cut = full[:max(len(fm) + 4, min(len(full), 20))]
                fm, _, gv = cut.partition("<<")
                gv = gv.replace("<", " ")
            elif v == "date":
                bd = p["birthDate"]
                if len(bd) == 10 and not bd.endswith("01-01"):
                    y, m, d = bd.split("-")
                    c = rnd.choice(["swap", "year", "pm1"])
                    if c == "swap" and int(d) <= 12: q["birthDate"] = f"{y}-{d}-{m}"
                    elif c == "pm1": q["birthDate"] = f"{int(y) + rnd.choice([-1, 1])}-{m}-{d}"
                    else: q["birthDate"] = y
            q["givenNames"], q["familyNames"] = gv, fm
            truth.append({"query": qid, "truth": f"R{ri}", "script": p["g"], "variant": v})
        else:
            kind = rnd.choice(["namesake", "sibling", "placeholder", "stranger"])
            ri = rnd.randrange(a.records)
            p = people[ri]
            if kind == "namesake":
                n = dict(p)
                y = p["birthDate"][:4]
                while True:
                    n["birthDate"] = f"{y}-{rnd.randint(1, 12):02d}-{rnd.randint(2, 28):02d}"
                    if n["birthDate"] != p["birthDate"]: break
                n["doc"] = None
            elif kind == "sibling":
                n = person(p["g"], family=p["family"], loc=p["loc"])
                n["nationality"] = p["nationality"]
                while n["given"] == p["given"]: n = dict(n, given=person(p["g"], loc=p["loc"], sex=n["sex"])["given"])
                n["birthDate"] = f"{int(p['birthDate'][:4]) + rnd.choice([-4, -3, -2, 2, 3, 4])}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            elif kind == "placeholder":
                n = person(p["g"], family=p["family"], loc=p["loc"])
                while n["given"] == p["given"]: n = dict(n, given=person(p["g"], loc=p["loc"], sex=n["sex"])["given"])
                n["birthDate"] = p["birthDate"][:4] + "-01-01"
            else:
                n = person()
            gv, fm = latin(n)
            if n["g"] != "latin" and rnd.random() < 0.3: gv, fm = n["given"], n["family"]
            q = {"id": qid, "givenNames": gv, "familyNames": fm, "sex": n["sex"], "birthDate": n["birthDate"], "nationality": n["nationality"]}
            truth.append({"query": qid, "truth": None, "script": n["g"], "variant": "negative:" + kind})
        queries.append(q)
    with open(os.path.join(a.out, "queries.jsonl"), "w") as f:
        for q in queries: f.write(json.dumps(q, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "truth.jsonl"), "w") as f:
        for t in truth: f.write(json.dumps(t) + "\n")

if __name__ == "__main__":
    main()
