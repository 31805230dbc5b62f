#!/usr/bin/env python3
"""Generate test/data/sample_offences.sql: a SYNTHETIC sample of recorded
"Sexual Communication with a Child" offences in England and Wales,
April 2017 - March 2021.

THIS IS NOT REAL POLICE DATA.  Every row is invented.  The rows are built so
that a handful of published national aggregates (NSPCC press releases,
2018-2021) and some plausible choices hold EXACTLY by construction; see
test/data/README.md for the list, the sources, and which figures are only
plausible choices.

Usage (from anywhere):

    python3 test/data/generate_sample.py            # writes sample_offences.sql
    python3 test/data/generate_sample.py --check    # fails if the file is stale

Standard library only.  The output is deterministic: the generator uses its
own fixed-seed SplitMix64 generator (not the `random` module, whose
algorithms may change between Python versions) and writes no timestamps, so
two runs give byte-identical files.  Before writing, it recomputes every
calibrated figure from the finished rows and asserts it.
"""

import bisect
import datetime as dt
import os
import sys

SEED = 20170403  # the day the offence came into force
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample_offences.sql")


# ---------------------------------------------------------------------------
# Deterministic pseudo-random numbers (SplitMix64)
# ---------------------------------------------------------------------------

class Rng:
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def random(self):
        """Uniform float in [0, 1) with 53 random bits (exact, portable)."""
        return (self.next64() >> 11) / float(1 << 53)

    def below(self, n):
        """Uniform integer in [0, n), unbiased (rejection sampling)."""
        assert n > 0
        limit = ((1 << 64) // n) * n
        while True:
            x = self.next64()
            if x < limit:
                return x % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def weighted(self, names, weights):
        """One of names, drawn with the given (positive) weights."""
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        return names[bisect.bisect_right(cum, self.random() * total)]


def apportion(total, weights, minimum=0):
    """Split `total` into integers proportional to weights (largest
    remainder, ties by position), each at least `minimum`.  Exact sum."""
    n = len(weights)
    rest = total - minimum * n
    assert rest >= 0
    wsum = float(sum(weights))
    quotas = [rest * w / wsum for w in weights]
    counts = [int(q) for q in quotas]
    left = rest - sum(counts)
    order = sorted(range(n), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[:left]:
        counts[i] += 1
    counts = [c + minimum for c in counts]
    assert sum(counts) == total
    return counts


# ---------------------------------------------------------------------------
# Forces: the 43 territorial police forces of England and Wales, with
# approximate resident populations in thousands (mid-2010s, rounded; used
# only as weights).  The City of London has few residents but a large
# daytime population; it gets a small nominal weight and a floor.
# ---------------------------------------------------------------------------

FORCES = [
    ("Avon and Somerset", 1680), ("Bedfordshire", 670),
    ("Cambridgeshire", 850), ("Cheshire", 1060), ("City of London", 60),
    ("Cleveland", 565), ("Cumbria", 500), ("Derbyshire", 1040),
    ("Devon and Cornwall", 1750), ("Dorset", 770), ("Durham", 635),
    ("Dyfed-Powys", 515), ("Essex", 1800), ("Gloucestershire", 630),
    ("Greater Manchester", 2800), ("Gwent", 590), ("Hampshire", 2000),
    ("Hertfordshire", 1180), ("Humberside", 930), ("Kent", 1830),
    ("Lancashire", 1490), ("Leicestershire", 1080), ("Lincolnshire", 750),
    ("Merseyside", 1420), ("Metropolitan Police", 8800), ("Norfolk", 900),
    ("North Wales", 695), ("North Yorkshire", 820),
    ("Northamptonshire", 740), ("Northumbria", 1460),
    ("Nottinghamshire", 1150), ("South Wales", 1320),
    ("South Yorkshire", 1400), ("Staffordshire", 1130), ("Suffolk", 760),
    ("Surrey", 1190), ("Sussex", 1700), ("Thames Valley", 2400),
    ("Warwickshire", 560), ("West Mercia", 1290), ("West Midlands", 2900),
    ("West Yorkshire", 2300), ("Wiltshire", 720),
]
FORCE_NAMES = [f for f, _ in FORCES]
assert len(FORCES) == 43 and len(set(FORCE_NAMES)) == 43

# ---------------------------------------------------------------------------
# Years (financial years; the offence came into force on 3 April 2017)
# ---------------------------------------------------------------------------

YEARS = [
    # label, first day, last day (inclusive), dated offences
    ("2017/18", dt.date(2017, 4, 3), dt.date(2018, 3, 31), 3171),
    ("2018/19", dt.date(2018, 4, 1), dt.date(2019, 3, 31), 4373),
    ("2019/20", dt.date(2019, 4, 1), dt.date(2020, 3, 31), 5335),
    ("2020/21", dt.date(2020, 4, 1), dt.date(2021, 3, 31), 5441),
]
UNDATED = 275          # extra rows with recorded NULL (about 1.5%)
CAMBS_2017 = 66        # Cambridgeshire, 2017/18
CAMBS_2017_TOP3 = 27   # ... of which involve Facebook, Snapchat or Instagram
CAMBS_2017_OTHER = 13  # ... recorded platform, none of the three (plausible)

FB, SC, IG = "Facebook", "Snapchat", "Instagram"
TOP3 = (FB, SC, IG)

# ---------------------------------------------------------------------------
# Platforms.  2017/18 uses exactly these 80 names (the three above plus 77).
# Weights are relative frequencies among offences whose platforms are not
# the big three (plausible, invented).
# ---------------------------------------------------------------------------

OTHERS_2017 = [
    ("WhatsApp", 60), ("Facebook Messenger", 55), ("Kik", 45),
    ("Text message", 40), ("Phone call", 16), ("Xbox Live", 14),
    ("Twitter", 14), ("Musical.ly", 14), ("Skype", 12), ("Omegle", 12),
    ("PlayStation Network", 10), ("YouTube", 8), ("Oovoo", 8),
    ("Email", 6), ("Grindr", 6), ("Live.me", 6), ("Roblox", 5),
    ("Yellow", 5), ("Minecraft", 4), ("Tumblr", 4), ("FaceTime", 4),
    ("Tinder", 3), ("Periscope", 3), ("MeetMe", 3), ("Viber", 3),
    ("BBM", 3), ("Google Hangouts", 3), ("Steam", 3), ("Discord", 3),
    ("Ask.fm", 3), ("Chat room", 3), ("Dating website", 3),
    ("Wattpad", 2), ("Tango", 2), ("Twitch", 2), ("Chatroulette", 2),
    ("Yubo", 2), ("Houseparty", 2), ("Monkey", 2), ("Badoo", 2),
    ("Plenty of Fish", 2), ("MovieStarPlanet", 2), ("iMessage", 2),
    ("Webcam", 2), ("Online game (unspecified)", 2),
    ("Social media (unspecified)", 2), ("Holla", 1), ("Bumble", 1),
    ("Hot or Not", 1), ("Tagged", 1), ("Habbo", 1),
    ("Club Penguin Island", 1), ("Fortnite", 1), ("Clash of Clans", 1),
    ("Animal Jam", 1), ("Sarahah", 1), ("Whisper", 1), ("Reddit", 1),
    ("Pinterest", 1), ("Telegram", 1), ("Line", 1), ("WeChat", 1),
    ("IMO", 1), ("Paltalk", 1), ("IMVU", 1), ("Second Life", 1),
    ("Chatstep", 1), ("Skout", 1), ("Jaumo", 1), ("Hi5", 1),
    ("Kiwi", 1), ("Flickr", 1), ("Google+", 1), ("Spotafriend", 1),
    ("Amino", 1), ("Gumtree", 1), ("Nintendo Network", 1),
]
PLATFORMS_2017 = list(TOP3) + [n for n, _ in OTHERS_2017]
assert len(PLATFORMS_2017) == 80 and len(set(PLATFORMS_2017)) == 80


def others_for(year_index):
    """Weights of the non-top-three platforms in a later year (plausible):
    Oovoo closed in 2017, Musical.ly became TikTok in August 2018,
    Houseparty peaked in the 2020 lockdown, and so on."""
    w = dict(OTHERS_2017)
    for name in ("Oovoo", "Club Penguin Island", "Google+", "Sarahah"):
        w.pop(name)
    if year_index == 1:
        w["Musical.ly"] = 5
        w["TikTok"] = 10
    else:
        w.pop("Musical.ly")
        w["TikTok"] = 20 if year_index == 2 else 32
    w["WhatsApp"] = 70 + 5 * year_index
    w["Discord"] = 3 + 3 * year_index
    w["Fortnite"] = 4
    w["Roblox"] = 6 + 2 * year_index
    if year_index == 3:
        w["Houseparty"] = 8
        w["Among Us"] = 3
        w["Zoom"] = 2
    return sorted(w.items())


# Per-year platform plan.  `combos` gives, for offences involving the big
# three, how many involve exactly each combination of them; `recorded` is
# the number of offences with at least one platform recorded.  The rest of
# the recorded offences involve only other platforms.
#
# 2017/18: Facebook 625 (29.8%), Snapchat 430 (20.5%), Instagram 425
# (20.3%), any of the three 1468 (70.0% of 2097).
# Instagram over the four years: 425 + 994 + 1207 + 1196 = 3822 of 13178
# recorded (29.0%); over 2017/18-2019/20 alone 2626 of 9097 (28.9%).
PLANS = [
    dict(recorded=2097,
         combos={(FB,): 616, (SC,): 421, (IG,): 420, (FB, SC): 6,
                 (FB, IG): 2, (SC, IG): 2, (FB, SC, IG): 1},
         top_plus_other=88, none_double=30, none_triple=4, dups=14,
         unrecorded=dict(null=700, empty=354, emptystr=12, nullelem=8)),
    dict(recorded=3105,
         combos={(IG,): 957, (FB,): 682, (SC,): 410, (FB, IG): 20,
                 (SC, IG): 15, (FB, SC): 10, (FB, SC, IG): 2},
         top_plus_other=120, none_double=45, none_triple=6, dups=18,
         unrecorded=dict(null=850, empty=400, emptystr=10, nullelem=8)),
    dict(recorded=3895,
         combos={(IG,): 1166, (SC,): 749, (FB,): 671, (FB, IG): 18,
                 (SC, IG): 20, (FB, SC): 8, (FB, SC, IG): 3},
         top_plus_other=150, none_double=60, none_triple=8, dups=22,
         unrecorded=dict(null=1000, empty=425, emptystr=10, nullelem=5)),
    dict(recorded=4081,
         combos={(IG,): 1159, (SC,): 967, (FB,): 472, (FB, IG): 10,
                 (SC, IG): 25, (FB, SC): 6, (FB, SC, IG): 2},
         top_plus_other=160, none_double=65, none_triple=8, dups=24,
         unrecorded=dict(null=950, empty=400, emptystr=6, nullelem=4)),
]
UNDATED_PLAN = dict(recorded=170,
                    combos={(IG,): 48, (SC,): 38, (FB,): 30, (FB, IG): 1},
                    top_plus_other=6, none_double=3, none_triple=1, dups=1,
                    unrecorded=dict(null=75, empty=28, emptystr=1, nullelem=1))

# Unrecorded-platform markers
P_NULL = None            # platforms IS NULL
P_EMPTY = ()             # '{}'
P_EMPTYSTR = ("",)       # '{""}'
P_NULLELEM = (None,)     # '{NULL}'

# Ages.  (count with a recorded age, share aged 11 or under, weights for
# ages 4..11, weights for ages 12..17).  All plausible except the 2018/19
# "1 in 5 aged 11 or under" and the 2017/18 youngest age of five.
YOUNG_W = {4: 0.3, 5: 0.6, 6: 1.0, 7: 1.6, 8: 2.5, 9: 4.0, 10: 7.0, 11: 12.0}
OLD_W = {12: 20.0, 13: 27.0, 14: 28.0, 15: 19.0, 16: 4.0, 17: 2.0}
AGE_PLANS = [
    # n with age, young (<= 11) count, young weights override
    (2632, 420, {4: 0.0}),   # 2017/18: 83.0% recorded, youngest 5
    (3585, 717, {}),         # 2018/19: 717 / 3585 = 20.0% aged 11 or under
    (4322, 907, {}),         # 2019/20: 21.0%
    (4461, 937, {}),         # 2020/21: 21.0%
]
UNDATED_AGE = (220, 44, {})

# Sex: (count with sex recorded, count female) -- plausible, ~80% female.
SEX_PLANS = [(2886, 2300), (3979, 3183), (4855, 3899), (4951, 3956)]
UNDATED_SEX = (240, 190)


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

def force_counts(rng, year_index, total):
    """Offences per force in one year: roughly by population, with a fixed
    per-force 'recording propensity' and some year-to-year noise."""
    weights = []
    for (name, pop), prop in zip(FORCES, PROPENSITY):
        noise = 0.85 + 0.3 * rng.random()
        weights.append(pop * prop * noise)
    if year_index == 0:
        # Cambridgeshire is fixed by a published figure; share out the rest.
        ci = FORCE_NAMES.index("Cambridgeshire")
        others = [w for i, w in enumerate(weights) if i != ci]
        counts = apportion(total - CAMBS_2017, others, minimum=2)
        counts.insert(ci, CAMBS_2017)
    else:
        counts = apportion(total, weights, minimum=3)
    assert sum(counts) == total and min(counts) >= 1
    met = counts[FORCE_NAMES.index("Metropolitan Police")]
    assert all(c < met for f, c in zip(FORCE_NAMES, counts)
               if f != "Metropolitan Police")
    return counts


WEEKDAY_W = [1.20, 1.15, 1.10, 1.10, 1.00, 0.65, 0.60]   # Mon..Sun
MONTH_W = {1: 1.05, 2: 1.00, 3: 1.10, 4: 0.90, 5: 1.05, 6: 1.05, 7: 1.00,
           8: 0.80, 9: 1.05, 10: 1.10, 11: 1.10, 12: 0.85}
SPECIAL_W = {(12, 25): 0.25, (12, 26): 0.40, (1, 1): 0.40}


def day_weights(first, last):
    days, weights = [], []
    n = (last - first).days + 1
    for k in range(n):
        d = first + dt.timedelta(days=k)
        w = WEEKDAY_W[d.weekday()] * MONTH_W[d.month]
        w *= SPECIAL_W.get((d.month, d.day), 1.0)
        w *= 0.92 + 0.16 * k / (n - 1)      # growth within the year
        days.append(d)
        weights.append(w)
    return days, weights


def platform_pool(rng, plan, others, must_include=()):
    """Exactly len = recorded + unrecorded platform values for one year."""
    names = [n for n, _ in others]
    weights = [w for _, w in others]

    def draw_other(exclude):
        while True:
            p = rng.weighted(names, weights)
            if p not in exclude:
                return p

    top = []
    for combo, count in plan["combos"].items():
        top.extend([list(combo) for _ in range(count)])
    n_none = plan["recorded"] - len(top)
    assert n_none >= len(must_include)
    none = [[p] for p in must_include]
    while len(none) < n_none:
        none.append([draw_other(())])
    rng.shuffle(top)
    rng.shuffle(none)
    # a few offences with two or three non-top-three platforms
    for i in range(plan["none_double"] + plan["none_triple"]):
        none[i].append(draw_other(none[i]))
        if i < plan["none_triple"]:
            none[i].append(draw_other(none[i]))
    # some big-three offences also involve another platform
    for i in range(plan["top_plus_other"]):
        top[i].append(draw_other(top[i]))
    recorded = top + none
    rng.shuffle(recorded)
    # a few arrays repeat a platform, e.g. {Snapchat,Snapchat}
    singles = [s for s in recorded if len(s) == 1]
    for s in singles[:plan["dups"]]:
        s.append(s[0])
    for s in recorded:
        rng.shuffle(s)
    pool = [tuple(s) for s in recorded]
    u = plan["unrecorded"]
    pool += [P_NULL] * u["null"] + [P_EMPTY] * u["empty"]
    pool += [P_EMPTYSTR] * u["emptystr"] + [P_NULLELEM] * u["nullelem"]
    rng.shuffle(pool)
    return pool


def age_pool(rng, n_total, plan):
    n_age, n_young, override = plan
    yw = dict(YOUNG_W)
    yw.update(override)
    young_ages = sorted(yw)
    old_ages = sorted(OLD_W)
    ages = []
    for a, c in zip(young_ages, apportion(n_young, [yw[a] for a in young_ages])):
        ages += [a] * c
    for a, c in zip(old_ages, apportion(n_age - n_young, [OLD_W[a] for a in old_ages])):
        ages += [a] * c
    ages += [None] * (n_total - n_age)
    rng.shuffle(ages)
    return ages


def sex_pool(rng, n_total, plan):
    n_sex, n_female = plan
    pool = ["female"] * n_female + ["male"] * (n_sex - n_female)
    pool += [None] * (n_total - n_sex)
    rng.shuffle(pool)
    return pool


def is_top3(p):
    return p not in (P_NULL,) and any(x in TOP3 for x in p)


def is_recorded(p):
    return p is not None and any(x for x in p)


# ---------------------------------------------------------------------------
# Generate
# ---------------------------------------------------------------------------

rng = Rng(SEED)
PROPENSITY = [0.80 + 0.45 * rng.random() for _ in FORCES]
PROPENSITY[FORCE_NAMES.index("Metropolitan Police")] = 1.0


def generate():
    rows = []   # (recorded, force, platforms, age, sex)
    for yi, (label, first, last, total) in enumerate(YEARS):
        counts = force_counts(rng, yi, total)
        days, dweights = day_weights(first, last)
        cum = []
        acc = 0.0
        for w in dweights:
            acc += w
            cum.append(acc)
        year_rows = []
        for force, c in zip(FORCE_NAMES, counts):
            for _ in range(c):
                d = days[bisect.bisect_right(cum, rng.random() * acc)]
                year_rows.append([d, force])
        others = OTHERS_2017 if yi == 0 else others_for(yi)
        must = [n for n, _ in OTHERS_2017] if yi == 0 else ()
        plats = platform_pool(rng, PLANS[yi], others, must)
        assert len(plats) == total, (label, len(plats), total)
        if yi == 0:
            # Cambridgeshire 2017/18: 27 big-three, 13 other, 26 unrecorded
            t = [p for p in plats if is_recorded(p) and is_top3(p)]
            o = [p for p in plats if is_recorded(p) and not is_top3(p)]
            u = [p for p in plats if not is_recorded(p)]
            n_u = CAMBS_2017 - CAMBS_2017_TOP3 - CAMBS_2017_OTHER
            cambs = t[:CAMBS_2017_TOP3] + o[:CAMBS_2017_OTHER] + u[:n_u]
            rest = t[CAMBS_2017_TOP3:] + o[CAMBS_2017_OTHER:] + u[n_u:]
            rng.shuffle(cambs)
            rng.shuffle(rest)
            ci = iter(cambs)
            ri = iter(rest)
            for r in year_rows:
                r.append(next(ci) if r[1] == "Cambridgeshire" else next(ri))
        else:
            for r, p in zip(year_rows, plats):
                r.append(p)
        ages = age_pool(rng, total, AGE_PLANS[yi])
        sexes = sex_pool(rng, total, SEX_PLANS[yi])
        for r, a, s in zip(year_rows, ages, sexes):
            rows.append((r[0], r[1], r[2], a, s))
    # undated rows
    pops = [p for _, p in FORCES]
    plats = platform_pool(rng, UNDATED_PLAN, others_for(3))
    ages = age_pool(rng, UNDATED, UNDATED_AGE)
    sexes = sex_pool(rng, UNDATED, UNDATED_SEX)
    assert len(plats) == UNDATED
    for p, a, s in zip(plats, ages, sexes):
        rows.append((None, rng.weighted(FORCE_NAMES, pops), p, a, s))
    # deterministic order: dated rows by date then force, undated last;
    # ties keep generation order (Python's sort is stable)
    rows.sort(key=lambda r: (r[0] is None, r[0] or dt.date.min, r[1]))
    return rows


# ---------------------------------------------------------------------------
# Independent verification of every calibrated figure
# ---------------------------------------------------------------------------

def year_of(d):
    if d is None:
        return None
    for label, first, last, _ in YEARS:
        if first <= d <= last:
            return label
    return "outside"


def distinct_platforms(p):
    return set() if p is None else {x for x in p if x}


def pct(a, b):
    return 100.0 * a / b


def verify(rows):
    by_year = {}
    for r in rows:
        by_year.setdefault(year_of(r[0]), []).append(r)
    assert "outside" not in by_year
    for label, _, _, total in YEARS:
        assert len(by_year[label]) == total, label
    undated = by_year[None]
    assert 0.01 <= len(undated) / sum(t for *_, t in YEARS) <= 0.02

    # forces: all 43, every year, Metropolitan largest
    assert {r[1] for r in rows} == set(FORCE_NAMES)
    for label, *_ in YEARS:
        cnt = {}
        for r in by_year[label]:
            cnt[r[1]] = cnt.get(r[1], 0) + 1
        assert set(cnt) == set(FORCE_NAMES), label
        assert max(cnt, key=cnt.get) == "Metropolitan Police", label

    y1 = by_year["2017/18"]
    cambs = [r for r in y1 if r[1] == "Cambridgeshire"]
    assert len(cambs) == 66
    assert sum(1 for r in cambs if distinct_platforms(r[2]) & set(TOP3)) == 27

    rec1 = [r for r in y1 if distinct_platforms(r[2])]
    assert len(rec1) == 2097 and len(y1) - len(rec1) == 1074
    forms = {repr(r[2]) for r in y1 if not distinct_platforms(r[2])}
    assert forms == {repr(P_NULL), repr(P_EMPTY), repr(P_EMPTYSTR), repr(P_NULLELEM)}
    names1 = set().union(*(distinct_platforms(r[2]) for r in rec1))
    assert names1 == set(PLATFORMS_2017) and len(names1) == 80

    def share(rs, name):
        return sum(1 for r in rs if name in distinct_platforms(r[2]))

    counts1 = {n: share(rec1, n) for n in names1}
    ranked = sorted(counts1, key=lambda n: (-counts1[n], n))
    assert ranked[:3] == [FB, SC, IG], ranked[:4]
    assert counts1[SC] > counts1[IG] > counts1[ranked[3]]
    for name, target in ((FB, 30), (SC, 20), (IG, 20)):
        assert abs(pct(counts1[name], len(rec1)) - target) <= 2, name
    any3 = sum(1 for r in rec1 if distinct_platforms(r[2]) & set(TOP3))
    assert any3 == 1468 and abs(pct(any3, len(rec1)) - 70) <= 3

    ages1 = [r[3] for r in y1 if r[3] is not None]
    assert sum(1 for a in ages1 if 12 <= a <= 15) * 2 > len(ages1)
    assert min(ages1) == 5

    y2 = by_year["2018/19"]
    ages2 = [r[3] for r in y2 if r[3] is not None]
    assert 19 <= pct(sum(1 for a in ages2 if a <= 11), len(ages2)) <= 21
    rec2 = [r for r in y2 if distinct_platforms(r[2])]
    names2 = set().union(*(distinct_platforms(r[2]) for r in rec2))
    c2 = sorted((share(rec2, n) for n in names2 if n != IG), reverse=True)
    assert share(rec2, IG) > c2[0]
    assert share(rec2, IG) > 2 * counts1[IG]   # "more than double"
    meta_sc = {FB, "Facebook Messenger", IG, "WhatsApp", SC}
    rec12 = rec1 + rec2
    assert pct(sum(1 for r in rec12 if distinct_platforms(r[2]) & meta_sc),
               len(rec12)) > 70

    dated = [r for r in rows if r[0] is not None]
    rec_all = [r for r in dated if distinct_platforms(r[2])]
    assert abs(pct(share(rec_all, IG), len(rec_all)) - 29) <= 2
    rec_3y = [r for r in rec_all if year_of(r[0]) != "2020/21"]
    assert abs(pct(share(rec_3y, IG), len(rec_3y)) - 29) <= 2

    sexed = [r[4] for r in rows if r[4] is not None]
    assert set(sexed) == {"female", "male"}
    assert abs(pct(sexed.count("female"), len(sexed)) - 80) <= 3
    assert any(r[4] is None for r in rows)

    rec_any = [r for r in rows if distinct_platforms(r[2])]
    multi = sum(1 for r in rec_any if len(distinct_platforms(r[2])) >= 2)
    assert multi >= 0.05 * len(rec_any)
    assert any(len(distinct_platforms(r[2])) >= 3 for r in rec_any)
    assert any(len([x for x in r[2] if x]) > len(distinct_platforms(r[2]))
               for r in rec_any)

    ages = [r[3] for r in rows if r[3] is not None]
    assert 15 <= pct(len(rows) - len(ages), len(rows)) <= 20
    assert all(4 <= a <= 17 for a in ages)
    return by_year


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def array_literal(p):
    if p is None:
        return r"\N"

    def elem(x):
        if x is None:
            return "NULL"
        if x == "" or x.upper() == "NULL" or any(c in x for c in ' ,{}"\\'):
            return '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return x
    return "{" + ",".join(elem(x) for x in p) + "}"


HEADER = """\
-- sample_offences.sql -- SYNTHETIC SAMPLE DATA, NOT REAL POLICE DATA.
--
-- Generated by test/data/generate_sample.py (do not edit by hand; rerun the
-- generator).  Every row is invented.  The rows are constructed so that a
-- few published national figures (NSPCC press releases on Sexual
-- Communication with a Child offences, 2018-2021) and some plausible
-- choices hold exactly; see test/data/README.md.  Forces, dates, platforms,
-- ages and sexes of individual rows mean nothing.
--
-- Load: psql -v ON_ERROR_STOP=1 -f test/data/sample_offences.sql
"""


def render(rows):
    out = [HEADER]
    out.append("DROP TABLE IF EXISTS sample_offences;\n")
    out.append(
        "CREATE TABLE sample_offences (\n"
        "    id bigint PRIMARY KEY,\n"
        "    force text NOT NULL,\n"
        "    recorded date,\n"
        "    platforms text[],\n"
        "    victim_age integer,\n"
        "    victim_sex text\n"
        ");\n")
    out.append("COMMENT ON TABLE sample_offences IS 'SYNTHETIC sample data "
               "generated by test/data/generate_sample.py; not real police "
               "data';\n")
    out.append("COPY sample_offences (id, force, recorded, platforms, "
               "victim_age, victim_sex) FROM stdin;\n")
    for i, (d, force, p, age, sex) in enumerate(rows, start=1):
        out.append("\t".join([
            str(i), force, d.isoformat() if d else r"\N", array_literal(p),
            str(age) if age is not None else r"\N",
            sex if sex is not None else r"\N"]) + "\n")
    out.append("\\.\n")
    out.append("ANALYZE sample_offences;\n")
    return "".join(out)


def main():
    rows = generate()
    verify(rows)
    text = render(rows)
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8", newline="") as f:
            if f.read() != text:
                sys.exit("%s is stale: rerun %s" % (OUT, sys.argv[0]))
        print("%s is up to date (%d rows)" % (OUT, len(rows)))
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d rows)" % (OUT, len(rows)))


if __name__ == "__main__":
    main()
