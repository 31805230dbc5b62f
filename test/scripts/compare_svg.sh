#!/bin/bash
# The funnel plot as a person sees it: funnel_svg for the 43 forces of the
# sample (2017/18, per 100,000 children) rendered by a real browser
# (headless chromium, test/svg-screenshot), and the picture checked against
# the table: every point compare_rate labels is drawn where the SVG says,
# in the colour of its label, and the limit lines and benchmark are drawn.
# The figures on each point (data-* attributes) are checked against
# compare_rate in sql/compare.sql; here, the pixels.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
db=groomstats_compare_svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
recreate_db $db
q -d $db -c "CREATE EXTENSION groomstats" -f test/data/sample_offences.sql \
	-f test/data/force_populations.sql >/dev/null
q -d $db -At -o "$work/funnel.svg" <<'SQL'
WITH by_force AS (
	SELECT force, offence_summary_agg(recorded, platforms, victim_age) AS s
	FROM sample_offences GROUP BY force),
compared AS (
	SELECT b.force, p.children, c.offences
	FROM by_force b JOIN force_populations p USING (force),
		 LATERAL compare_rate(b.s, p.children, (SELECT rollup(s) FROM by_force),
							  (SELECT sum(children) FROM force_populations)::float8,
							  '[2017-04-03,2018-04-01)') c)
SELECT funnel_svg(array_agg(force ORDER BY force), array_agg(offences::float8 ORDER BY force),
				  array_agg(children::float8 ORDER BY force),
				  title => 'Offences per 100,000 children, 2017/18 (synthetic sample)',
				  x_label => 'Children aged 0-17 (synthetic)')
FROM compared;
SQL
# the labels compare_rate gives, to check the colours against
q -d $db -At -F '|' -o "$work/labels.txt" <<'SQL'
WITH by_force AS (
	SELECT force, offence_summary_agg(recorded, platforms, victim_age) AS s
	FROM sample_offences GROUP BY force)
SELECT b.force, c95.significance, c998.significance
FROM by_force b JOIN force_populations p USING (force),
	 LATERAL compare_rate(b.s, p.children, (SELECT rollup(s) FROM by_force),
						  (SELECT sum(children) FROM force_populations)::float8,
						  '[2017-04-03,2018-04-01)', 0.95) c95,
	 LATERAL compare_rate(b.s, p.children, (SELECT rollup(s) FROM by_force),
						  (SELECT sum(children) FROM force_populations)::float8,
						  '[2017-04-03,2018-04-01)', 0.998) c998
ORDER BY 1;
SQL
drop_db $db

status=0
bash test/svg-screenshot "$work/funnel.svg" "$work/funnel.png" 1000 700 || status=$?
[ $status -eq 0 ] || fail "svg-screenshot exited $status (chromium is needed: test/install-deps)"
[ -n "${COMPARE_SVG_KEEP:-}" ] && cp "$work/funnel.svg" "$work/funnel.png" "$COMPARE_SVG_KEEP"/

# Read the PNG (8-bit RGB or RGBA, as chromium writes it) with the standard
# library, and check each point's pixel and the lines' colours.
/usr/bin/python3 - "$work/funnel.svg" "$work/funnel.png" "$work/labels.txt" <<'PY'
import re, struct, sys, zlib

svg_path, png_path, labels_path = sys.argv[1:]

def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return width, height, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])

width, height, pixel = read_png(png_path)
svg = open(svg_path).read()
labels = {}
for line in open(labels_path):
    force, s95, s998 = line.rstrip("\n").split("|")
    labels[force] = (s95, s998)

unescape = lambda s: s.replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
points = []
for m in re.finditer(r'<circle class="area" ([^>]*)>', svg):
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
    points.append((unescape(attrs["data-area"]), float(attrs["cx"]), float(attrs["cy"]),
                   attrs["fill"], attrs["data-significance-95"], attrs["data-significance-998"]))
assert len(points) == 43, "points drawn: %d" % len(points)
colour = {"higher-998": "#b2182b", "higher-95": "#ef8a62", "similar": "#9e9e9e",
          "lower-95": "#67a9cf", "lower-998": "#2166ac"}
def expected_fill(s95, s998):
    if s998 != "similar": return colour[s998 + "-998"]
    if s95 != "similar": return colour[s95 + "-95"]
    return colour["similar"]
def rgb(h): return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))
def near(a, b, tol=40): return all(abs(x - y) <= tol for x, y in zip(a, b))

checked = 0
for i, (area, cx, cy, fill, s95, s998) in enumerate(points):
    assert (s95, s998) == labels[area], (area, (s95, s998), labels[area])
    assert fill == expected_fill(s95, s998), (area, fill)
    # a point drawn later on top of this one hides it: check only the visible ones
    if any((cx - p[1]) ** 2 + (cy - p[2]) ** 2 < 11 ** 2 for p in points[i + 1:]):
        continue
    got = pixel(int(round(cx)), int(round(cy)))
    assert near(got, rgb(fill)), "%s at (%.0f, %.0f): pixel %s, fill %s" % (area, cx, cy, got, fill)
    checked += 1
assert checked >= 8, "only %d points could be checked" % checked

# the lines: dark pixels along the 99.8% lines and the benchmark, inside the plot
dark = sum(1 for y in range(60, 500, 2) for x in range(90, 650, 2) if max(pixel(x, y)) < 90)
assert dark > 300, "few dark pixels (%d): are the lines drawn?" % dark
kinds = {}
for area, cx, cy, fill, s95, s998 in points:
    kinds[fill] = kinds.get(fill, 0) + 1
print("compare_svg: %d points (%d checked pixel by pixel), %d dark line pixels, colours %s"
      % (len(points), checked, dark, sorted(kinds.values())))
PY
