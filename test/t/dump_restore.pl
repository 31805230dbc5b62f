# pg_dump / pg_restore (custom format) of a database holding summaries, from
# one server into another (each its own cluster): monthly per force from the
# sample, and edge summaries (empty, NULL, extreme dates, platform names with
# quotes, backslashes, delimiters, control characters and non-ASCII).  The
# summaries are also in a hash index, a btree index, a column default, a view
# and a materialized view (refreshed by pg_restore with an empty search_path).
#
# Checks, in a fresh database on the other server restored from the dump
# (and again with a parallel restore):
#  - every summary's text is the same as in the source (all rows, in order);
#  - each equals (=) its source text read back in the restored database;
#  - rollup there equals the rollup in the source, and the aggregate of the
#    restored offence rows; the materialized view was refreshed right;
#  - the hash and btree indexes find summaries by =.
use strict;
use warnings;

use GroomstatsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $src = groomstats_node('source');
my $dst = groomstats_node('destination');
my $work = PostgreSQL::Test::Utils::tempdir;

query($src, 'postgres', 'CREATE DATABASE offences');
query($src, 'offences', <<'SQL');
SET client_min_messages = warning;
CREATE EXTENSION groomstats;
\i test/data/sample_offences.sql

-- Monthly per force (undated offences in a month of their own, NULL).
CREATE TABLE monthly (
    k serial PRIMARY KEY,
    force text NOT NULL,
    month date,
    s offence_summary NOT NULL
      DEFAULT 'v1;offences=0;undated=0;days=;no_platform=0;platforms=;combos=;no_age=0;ages='
);
INSERT INTO monthly (force, month, s)
SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences GROUP BY 1, 2 ORDER BY 1, 2;

-- Edge summaries: what a dump must carry exactly.
CREATE TABLE edge (k int PRIMARY KEY, what text NOT NULL, s offence_summary);
INSERT INTO edge
SELECT 1, 'empty (no rows)', offence_summary_agg(d, p, a)
FROM (SELECT NULL::date d, NULL::text[] p, NULL::int a WHERE false) x
UNION ALL
SELECT 2, 'NULL summary', NULL
UNION ALL
SELECT 3, 'one offence, nothing recorded', offence_summary_agg(NULL::date, NULL::text[], NULL::int)
UNION ALL
SELECT 4, 'extreme dates and ages', offence_summary_agg(d, p, a)
FROM (VALUES ('4713-01-01 BC'::date, '{Snapchat}'::text[], 0),
             ('0001-12-31 BC', '{Facebook}', 150),
             ('0001-01-01', '{}', NULL),
             ('5874897-12-31', NULL, 17),
             ('2000-02-29', '{Snapchat,Facebook}', 12)) v(d, p, a)
UNION ALL
SELECT 5, 'odd platform names', offence_summary_agg(d, p, a)
FROM (VALUES ('2017-04-03'::date, ARRAY['Say "hi"', E'back\\slash', E'\\', '"', '""',
                                          'semi;colon', 'co,mma', 'eq=sign', 'colon:x', 'plus+1',
                                          '  spaces  ', 'Éire', 'Ælfrēd ☃', '🚀 rocket', '日本語'], 13),
             ('2017-04-04', ARRAY[E'tab\there', E'new\nline', E'cr\rx', E'\x01ctl', 'Say "hi"'], 14),
             ('2017-04-04', ARRAY['', NULL, 'Éire', 'Éire'], NULL),
             (NULL, ARRAY['\N', 'NULL', '\.'], 15)) v(d, p, a)
UNION ALL
SELECT 6, 'the whole sample', offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences
UNION ALL
SELECT 7, 'text input', 'v1;offences=3;undated=1;days=2017-04-03:2;no_platform=1;platforms="Facebook","Snapchat";combos=1:1,1+2:1;no_age=0;ages=13:2,14:1';

CREATE INDEX monthly_s_hash ON monthly USING hash (s);
CREATE INDEX monthly_s_btree ON monthly (s);
CREATE VIEW national AS SELECT rollup(s) AS s FROM monthly;
CREATE MATERIALIZED VIEW per_force AS
SELECT force, rollup(s) AS s, offences(rollup(s)) AS offences FROM monthly GROUP BY force;
SQL

# What a database holds, as text (the exact, canonical form).
sub contents
{
	my ($node) = @_;
	return query($node, $node == $src ? 'offences' : 'restored', q{
SELECT 'monthly', k, force, month, s FROM monthly ORDER BY k;
SELECT 'edge', k, what, s FROM edge ORDER BY k;
SELECT 'per_force', force, s, offences FROM per_force ORDER BY force;
SELECT 'national', s FROM national;});
}
my $src_text = contents($src);
# The same text, as COPY writes it (escaped), to read back after restore.
query($src, 'offences', qq{\\copy (SELECT 'monthly', k, s::text FROM monthly UNION ALL SELECT 'edge', k, s::text FROM edge UNION ALL SELECT 'national', 0, s::text FROM national) TO '$work/src.copy'});
my $nmonthly = query($src, 'offences', 'SELECT count(*) FROM monthly');
my $nedge = query($src, 'offences', 'SELECT count(*) FROM edge');
note "source: $nmonthly monthly summaries, $nedge edge summaries, " . length($src_text) . ' bytes of text';

$src->command_ok([ 'pg_dump', '-Fc', '-d', 'offences', '-f', "$work/offences.dump" ], 'pg_dump -Fc');
note 'pg_dump -Fc: ' . (-s "$work/offences.dump") . ' bytes';

for my $jobs (1, 2)
{
	my $how = "pg_restore -j $jobs";
	query($dst, 'postgres', 'DROP DATABASE IF EXISTS restored');
	query($dst, 'postgres', 'CREATE DATABASE restored');
	$dst->command_ok([ 'pg_restore', '--exit-on-error', '-j', $jobs, '-d', 'restored', "$work/offences.dump" ],
		"$how into the other server");

	is(contents($dst), $src_text, "$how: the text of every summary is the same as in the source");

	my ($equal, $national_eq, $agg_eq, $mv_eq) = split /\|/, query($dst, 'restored', qq{
CREATE TEMP TABLE src_text (tbl text, k int, t text);
\\copy src_text FROM '$work/src.copy'
SELECT (SELECT count(*) FILTER (WHERE x.t::offence_summary = m.s) FROM monthly m JOIN src_text x ON x.tbl = 'monthly' AND x.k = m.k)
     + (SELECT count(*) FILTER (WHERE x.t::offence_summary IS NOT DISTINCT FROM e.s) FROM edge e JOIN src_text x ON x.tbl = 'edge' AND x.k = e.k),
       (SELECT rollup(s) FROM monthly) = (SELECT t::offence_summary FROM src_text WHERE tbl = 'national'),
       (SELECT rollup(s) FROM monthly) = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences),
       (SELECT rollup(s) FROM per_force) = (SELECT s FROM national)});
	is($equal, $nmonthly + $nedge, "$how: every summary equal (=) to the source's text read back");
	is($national_eq, 't', "$how: rollup equals the source's rollup");
	is($agg_eq, 't', "$how: rollup equals the restored rows' aggregate");
	is($mv_eq, 't', "$how: the materialized view rolls up to the national summary");

	for my $index ('monthly_s_hash', 'monthly_s_btree')
	{
		my $only = $index eq 'monthly_s_hash' ? 'monthly_s_btree' : 'monthly_s_hash';
		my $lookup = 'SELECT count(*) FROM monthly m WHERE m.s = (SELECT s FROM monthly WHERE k = 1)';
		my $force = "SET enable_seqscan = off; SET enable_bitmapscan = off; BEGIN; DROP INDEX $only;";
		my $plan = query($dst, 'restored', "$force EXPLAIN (COSTS OFF) $lookup; ROLLBACK;");
		like($plan, qr/Index (Only )?Scan using $index/, "$how: the restored $index is used for =");
		my $found = query($dst, 'restored', "$force $lookup; ROLLBACK;");
		ok($found >= 1, "$how: the restored $index finds the summary by = ($found row(s))");
	}
}

done_testing();
