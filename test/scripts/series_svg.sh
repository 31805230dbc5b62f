#!/bin/bash
# series_svg: a standalone SVG line chart of a monthly series.  The test
#  - parses it as XML (an <svg> root in the SVG namespace, no script, no
#    external reference);
#  - compares every plotted point's data attributes with counts_by (months)
#    and rolling_counts (year-ending totals), and checks that higher counts
#    are drawn higher;
#  - renders it in headless chromium (test/svg-screenshot) and checks the
#    picture: ink in the plot area, the blue month line and the orange
#    year-ending line present, white outside the image;
#  - with disclosure control on, hidden months are gaps that carry no count.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
db=groomstats_series_svg
work=$(mktemp -d -t groomstats_svg.XXXXXX)
recreate_db $db
trap 'drop_db $db; rm -rf "$work"' EXIT
q -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION groomstats" -f test/data/sample_offences.sql >/dev/null
q -d $db -c "CREATE TABLE m AS SELECT force, offence_summary_agg(recorded, platforms, victim_age) AS s FROM sample_offences GROUP BY ROLLUP (force)"

period="'[2017-04-01,2021-04-01)'"
q -d $db -tA -c "SELECT series_svg(s, $period, 'England and Wales') FROM m WHERE force IS NULL" -o "$work/chart.svg"
q -d $db -tA -F, -c "SELECT start, offences FROM m, counts_by(s, $period, 'month') WHERE force IS NULL" -o "$work/months.csv"
q -d $db -tA -F, -c "SELECT ending, offences FROM m, rolling_counts(s, $period) r WHERE force IS NULL AND r.start >= lower($period::daterange)" -o "$work/years.csv"
bash test/svg-screenshot "$work/chart.svg" "$work/chart.png" 760 380

# A small force at a threshold of 10: some months hidden.
force=$(q -d $db -tA -c "SET groomstats.min_cell_count = 10" -c "SELECT force FROM m, counts_by(s, $period, 'month') c
	WHERE force IS NOT NULL GROUP BY force HAVING bool_or(c.suppressed) AND bool_or(NOT c.suppressed AND c.offences > 0) ORDER BY force LIMIT 1")
[ -n "$force" ] || fail "no force with hidden months in the sample"
q -d $db -tA -c "SET groomstats.min_cell_count = 10" -c "SELECT series_svg(s, $period, force) FROM m WHERE force = '$force'" -o "$work/hidden.svg"
q -d $db -tA -F, -c "SET groomstats.min_cell_count = 10" -c "SELECT start, coalesce(offences::text, 'hidden') FROM m, counts_by(s, $period, 'month') WHERE force = '$force'" -o "$work/hidden.csv"
q -d $db -tA -c "SET groomstats.min_cell_count = 10" -c "SELECT c.offences FROM m, counts_by(s, $period, 'month') c WHERE force = '$force' AND c.suppressed" >/dev/null
# The true small counts (threshold off), which must not appear in the hidden chart.
q -d $db -tA -F, -c "SELECT start, offences FROM m, counts_by(s, $period, 'month') WHERE force = '$force'" -o "$work/hidden_true.csv"
bash test/svg-screenshot "$work/hidden.svg" "$work/hidden.png" 760 380

python3 - "$work" <<'PY'
import csv, struct, sys, zlib
import xml.etree.ElementTree as ET

work = sys.argv[1]
NS = "{http://www.w3.org/2000/svg}"

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def parse(name):
    root = ET.parse(f"{work}/{name}").getroot()
    if root.tag != NS + "svg":
        fail(f"{name}: root is {root.tag}")
    for el in root.iter():
        if el.tag == NS + "script" or any(k.endswith("href") for k in el.attrib):
            fail(f"{name}: script or external reference {el.tag}")
    return root

def points(root, cls):
    return [el for el in root.iter() if el.get("class") == cls]

def rows(name):
    return [tuple(r) for r in csv.reader(open(f"{work}/{name}")) if r]

# Points against the tables.
root = parse("chart.svg")
months = [(el.get("data-start"), el.get("data-offences")) for el in points(root, "month")]
if months != rows("months.csv"):
    fail(f"month points differ from counts_by: {months[:3]} ... against {rows('months.csv')[:3]} ...")
years = [(el.get("data-ending"), el.get("data-offences")) for el in points(root, "year-ending")]
if years != rows("years.csv") or not years:
    fail(f"year-ending points differ from rolling_counts: {years[:3]} against {rows('years.csv')[:3]}")
# Higher counts are drawn higher (smaller y), on each axis.
for cls, ykey in (("month", "cy"), ("year-ending", "y")):
    pts = sorted((int(el.get("data-offences")), float(el.get(ykey))) for el in points(root, cls))
    if any(a[0] < b[0] and a[1] < b[1] for a, b in zip(pts, pts[1:])):
        fail(f"{cls}: a larger count is drawn lower")
print(f"chart.svg: {len(months)} month points and {len(years)} year-ending points equal counts_by and rolling_counts")

# Hidden months: a gap with no count, and no true small count anywhere.
hidden = parse("hidden.svg")
got = [(el.get("data-start"), el.get("data-offences") or ("hidden" if el.get("data-suppressed") == "true" else None))
       for el in points(hidden, "month")]
if got != rows("hidden.csv"):
    fail(f"hidden chart differs from counts_by: {got} against {rows('hidden.csv')}")
truth = dict(rows("hidden_true.csv"))
for el in points(hidden, "month"):
    if el.get("data-suppressed") == "true":
        title = "".join(el.itertext())
        if "hidden" not in title or any(ch.isdigit() for ch in title.split(":")[-1]):
            fail(f"hidden month shows a count: {title}")
# A year-ending total shown beside the months must not give a hidden month
# back: every month of its window (the 12 points up to its own) is shown.
month_els = points(hidden, "month")
shown_totals = 0
index = {el.get("data-start")[:7]: k for k, el in enumerate(month_els)}
for el in points(hidden, "year-ending"):
    k = index[el.get("data-ending")[:7]]
    window = month_els[k - 11:k + 1]
    if el.get("data-offences") is not None:
        shown_totals += 1
        if len(window) != 12 or any(m.get("data-suppressed") == "true" for m in window):
            fail(f"year ending {el.get('data-ending')} is shown with a hidden month in its window")
    elif el.get("data-suppressed") != "true":
        fail(f"year ending {el.get('data-ending')}: neither a count nor hidden")
print(f"hidden.svg: {sum(1 for g in got if g[1] == 'hidden')} hidden months carry no count; "
      f"{shown_totals} year-ending totals shown, none over a hidden month")

# The picture: decode the PNG (8-bit RGB or RGBA, not interlaced).
def png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or colour not in (2, 6) or interlace:
        fail(f"unexpected PNG format depth={depth} colour={colour}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    out, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(line)
        prev = line
    return w, h, bpp, out

def pixel(img, x, y):
    w, h, bpp, rows_ = img
    return tuple(rows_[y][x * bpp:x * bpp + 3])

for name in ("chart.png", "hidden.png"):
    img = png(f"{work}/{name}")
    # Plot area of a 760 x 380 chart: x 70..680, y 44..314.
    ink = blue = orange = total = 0
    for y in range(46, 312):
        for x in range(72, 678):
            r, g, b = pixel(img, x, y)
            total += 1
            if (r, g, b) != (255, 255, 255) and max(r, g, b) - min(r, g, b) > 40:
                ink += 1
            if b > 120 and r < 90 and g < 140:
                blue += 1
            if r > 180 and 80 < g < 150 and b < 80:
                orange += 1
    print(f"{name}: {ink} coloured pixels of {total} in the plot area, {blue} blue, {orange} orange")
    if ink < total // 200 or blue < 300 or (name == "chart.png" and orange < 300):
        fail(f"{name}: the plot area looks empty")
    if pixel(img, 5, 370) != (255, 255, 255):
        fail(f"{name}: background is not white")
PY
echo "series_svg: ok"
