#!/usr/bin/env python3
"""Re-check every claim in corpus/*.expected.json against the TIC tables.

Implements the BRIEF's "Checking v1" rules independently of the Rust code, so
the hand-computed verdicts in the corpus can be re-derived:

  python3 corpus/check_figures.py            # check all expected.json files
  python3 corpus/check_figures.py --show China 2025-11   # print one figure

Data: ../shared/data/tic/mfhhis01.txt (Major Foreign Holders, total
Treasuries, billions) and slt_table1.txt (Table 1, for_lt_treas_pos, long-term
Treasuries only, millions). Where a year has June twice (series break), the
first (newer-series) June column is used.

Prints one line per claim whose computed verdict is not "consistent" or
differs from the stated one. Claims marked "deliberately_wrong": true are
expected to show up; anything else is an error in the corpus and makes the
exit status 1.
"""
import glob
import json
import math
import os
import sys
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
TIC = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "tic"))
if not os.path.isdir(TIC):
    TIC = "/work/shared/data/tic"

MONTHS = {m: i + 1 for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}

# TIC row label -> canonical gazetteer name (only where they differ).
LABELS = {
    "China, Mainland": "China",
    "Korea, South": "South Korea",
    "Korea, South ": "South Korea",
    "Grand Total": "All foreign",
    "For. Official": "Foreign official",
    "Of Which: Foreign Official": "Foreign official",
}
# Rows that are not countries: excluded from rank.
NOT_COUNTRIES = {"All foreign", "Foreign official", "All Other", "Treasury Bills",
                 "T-Bonds & Notes", "Oil Exporters", "Carib Bnkng Ctrs", "Carib. Bnkng Ctrs",
                 "Caribbean Banking Centers", "Asian Countries"}


def clean_label(label):
    t = label.strip().strip('"').strip()
    head, _, tail = t.rpartition(" ")
    if head and tail.endswith("/") and tail[:-1].isdigit():
        t = head
    t = " ".join(t.split())
    return LABELS.get(t, t)


def load_mfh():
    series = {}
    cols = None
    months = None
    with open(os.path.join(TIC, "mfhhis01.txt"), encoding="latin-1") as f:
        for line in f:
            cells = line.rstrip("\r\n").split("\t")
            stripped = [c.strip() for c in cells]
            if len(stripped) > 2 and stripped[1] in MONTHS and stripped[2] in MONTHS:
                months = stripped[1:]
                continue
            if stripped and stripped[0] == "Country" and months:
                years = stripped[1:]
                cols = []
                seen = set()
                for m, y in zip(months, years):
                    if not m or not y:
                        cols.append(None)
                        continue
                    p = "%s-%02d" % (y, MONTHS[m])
                    cols.append(None if p in seen else p)  # first June = newer series
                    seen.add(p)
                continue
            if cols is None or not stripped or not stripped[0]:
                continue
            if stripped[0].startswith("(") or stripped[0].startswith('"('):
                cols = None
                continue
            name = clean_label(cells[0])
            for p, v in zip(cols, stripped[1:]):
                if p is None or v == "":
                    continue
                try:
                    series.setdefault(name, {})[p] = float(v.replace(",", ""))
                except ValueError:
                    pass
    return series


def load_t1():
    series = {}
    col = None
    with open(os.path.join(TIC, "slt_table1.txt"), encoding="latin-1") as f:
        for line in f:
            cells = [c.strip() for c in line.rstrip("\r\n").split("\t")]
            if "for_lt_treas_pos" in cells:
                col = cells.index("for_lt_treas_pos")
                continue
            if col is None or len(cells) <= col or len(cells[2]) != 7:
                continue
            try:
                v = float(cells[col].replace(",", ""))
            except ValueError:
                continue
            series.setdefault(clean_label(cells[0]), {})[cells[2]] = v / 1000.0
    return series


MFH = load_mfh()
T1 = load_t1()


def add_months(p, n):
    y, m = int(p[:4]), int(p[5:7])
    k = y * 12 + (m - 1) + n
    return "%04d-%02d" % (k // 12, k % 12 + 1)


def latest_published_on(d):
    y, m, day = (int(x) for x in d.split("-"))
    lag = 2 if day >= 18 else 3
    return add_months("%04d-%02d" % (y, m), -lag)


LAST_MFH = max(MFH["All foreign"])


def measure(holder, period):
    """MFH for holders it still covers (a month it lacks has no data yet);
    Table 1 long-term Treasuries for the rest."""
    if holder in MFH and (period in MFH[holder] or LAST_MFH in MFH[holder]):
        return "MFH", MFH[holder]
    if holder in T1:
        return "T1 long-term only (no bills)", T1[holder]
    return None, None


def half_unit(x):
    """Half a unit of the last stated (non-zero) digit of x."""
    x = abs(x)
    e = 6
    while e > -4:
        u = 10.0 ** e
        if abs(round(x / u) * u - x) < 1e-6:
            return u / 2
        e -= 1
    return 0.0005


def fmt(x):
    return ("%.3f" % x).rstrip("0").rstrip(".")


def check(claim, published):
    kind = claim["kind"]
    if kind in ("intent", "forecast"):
        return "not_checkable", "future: %s" % kind
    p = claim.get("period") or latest_published_on(published)
    src, s = measure(claim["holder"], p)
    if s is None:
        return "not_checkable", "no table row for %s" % claim["holder"]
    if p not in s:
        return "not_checkable", "%s has no %s figure for %s" % (src, claim["holder"], p)
    v = s[p]
    rev = 0.01 * v
    hedged = claim.get("hedged", False)
    why = "%s %s %s %s" % (src, p, claim["holder"], fmt(v))
    if kind == "level":
        lvl = claim["level_usd_bn"]
        tol = max(half_unit(lvl), 0.05 * lvl if hedged else 0, rev)
        b = claim.get("bound")
        if b == "over":
            ok = v >= lvl - tol
        elif b == "under":
            ok = v <= lvl + tol
        else:
            ok = abs(lvl - v) <= tol
        return ("consistent" if ok else "inconsistent"), "%s; stated %s%s tol %s" % (
            why, b + " " if b else "", fmt(lvl), fmt(tol))
    if kind == "change":
        base = claim.get("base_period") or add_months(p, -1)
        if base not in s:
            return "not_checkable", "%s has no %s figure for %s" % (src, claim["holder"], base)
        act = v - s[base]
        verdicts = []
        notes = ["%s; base %s %s; actual change %s" % (why, base, fmt(s[base]), fmt(act))]
        if "change_usd_bn" in claim:
            c = claim["change_usd_bn"]
            tol = max(half_unit(c), 0.05 * abs(c) if hedged else 0, rev)
            verdicts.append(grade(c, act, tol))
            notes.append("stated %s tol %s -> %s" % (fmt(c), fmt(tol), verdicts[-1]))
        if "change_pct" in claim:
            pct = 100.0 * act / s[base]
            c = claim["change_pct"]
            tol = half_unit(c) + 1.0
            verdicts.append(grade(c, pct, tol))
            notes.append("actual %s%%, stated %s%% tol %s -> %s" % (fmt(pct), fmt(c), fmt(tol), verdicts[-1]))
        if not verdicts:
            d = claim.get("direction")
            ok = (d == "up" and act > 0) or (d == "down" and act < 0)
            verdicts.append("consistent" if ok else "inconsistent")
        for w in ("inconsistent", "exaggerated", "consistent"):
            if w in verdicts:
                return w, "; ".join(notes)
    if kind == "extremum":
        low = claim.get("direction", "down") == "down"
        a = rev
        since = claim.get("since")
        before = {q: x for q, x in s.items() if q < p}
        if since is None:
            rng = before
            covered = None
        elif len(since) == 4:
            rng = {q: x for q, x in before.items() if q > since + "-12"}
            covered = {q: x for q, x in s.items() if q[:4] == since}
        else:
            rng = {q: x for q, x in before.items() if q > since}
            covered = {since: s[since]} if since in s else {}
        if low:
            beyond = {q: x for q, x in rng.items() if x < v - a}
            reach = covered is None or any(x <= v + a for x in covered.values())
        else:
            beyond = {q: x for q, x in rng.items() if x > v + a}
            reach = covered is None or any(x >= v - a for x in covered.values())
        if covered is not None and not covered:
            return "not_checkable", "%s; no data for %s" % (why, since)
        ok = not beyond and reach
        note = "%s; a %s; %d months past it%s; since-period reaches it: %s" % (
            why, fmt(a), len(beyond),
            (" e.g. %s %s" % sorted(beyond.items())[0]) if beyond else "", reach)
        return ("consistent" if ok else "inconsistent"), note
    if kind == "rank":
        if src != "MFH":
            return "not_checkable", "rank only on MFH"
        rows = sorted(((x[p], h) for h, x in MFH.items()
                       if h not in NOT_COUNTRIES and p in x), reverse=True)
        pos = [h for _, h in rows].index(claim["holder"]) + 1
        return ("consistent" if pos == claim["rank"] else "inconsistent"), "%s; position %d (%s)" % (
            why, pos, ", ".join("%s %s" % (h, fmt(x)) for x, h in rows[:4]))
    if kind == "trend":
        base = add_months(p, -12)
        if base not in s:
            return "not_checkable", "no %s" % base
        act = v - s[base]
        d = claim["direction"]
        if abs(act) < rev:
            return "inconsistent", "%s; 12-month change %s < 1%% of level" % (why, fmt(act))
        ok = (act > 0) == (d == "up")
        return ("consistent" if ok else "inconsistent"), "%s; 12-month change from %s %s: %s" % (
            why, base, fmt(s[base]), fmt(act))
    return "not_checkable", "unknown kind %s" % kind


def grade(stated, actual, tol):
    if abs(stated - actual) <= tol:
        return "consistent"
    if stated * actual > 0 and abs(stated) > 2 * abs(actual):
        return "exaggerated"
    return "inconsistent"


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--show":
        src, s = measure(sys.argv[2], None)
        ps = sys.argv[3:] or sorted(s)[-14:]
        for p in ps:
            print(src, sys.argv[2], p, s.get(p))
        return 0
    errors = 0
    n = 0
    for path in sorted(glob.glob(os.path.join(HERE, "*.expected.json"))):
        doc = json.load(open(path))
        for i, c in enumerate(doc["claims"]):
            n += 1
            got, note = check(c, doc["published"])
            want = c.get("verdict")
            wrong = c.get("deliberately_wrong", False)
            tag = os.path.basename(path).split(".")[0]
            if got != want:
                errors += 1
                print("ERROR %s #%d %s %s: stated verdict %s, computed %s (%s)" % (
                    tag, i, c["holder"], c["kind"], want, got, note))
            elif got in ("inconsistent", "exaggerated"):
                if not wrong:
                    errors += 1
                    print("ERROR %s #%d %s %s: %s but not marked deliberately_wrong (%s)" % (
                        tag, i, c["holder"], c["kind"], got, note))
                else:
                    print("mismatch (deliberate) %s #%d %s %s: %s (%s)" % (
                        tag, i, c["holder"], c["kind"], got, note))
            elif wrong:
                errors += 1
                print("ERROR %s #%d marked deliberately_wrong but %s (%s)" % (tag, i, got, note))
    print("%d claims checked, %d errors" % (n, errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
