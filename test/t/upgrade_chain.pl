# The upgrade chain.  Every release after 1.0 ships sql/groomstats--A--B.sql;
# this test finds the versions from the upgrade scripts installed, creates
# the OLDEST version on one server, stores summaries with it, and runs
# ALTER EXTENSION groomstats UPDATE TO each later version in turn up to the
# default version.  After each step the stored summaries must still read
# (the same text) and roll up (rollup =); at the end the extension's catalog
# objects must equal a fresh CREATE EXTENSION of the default version on
# another server (each its own cluster); a negative control proves the
# comparison would see a changed or missing object.
#
# For the oldest version to be creatable, its install script must be
# installed too: keep the released groomstats--1.0.sql as a file (frozen in
# sql/) and install it.
use strict;
use warnings;

use File::Basename;
use GroomstatsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $ext = 'groomstats';
my $chain_node = groomstats_node('chain');
my $fresh_node = groomstats_node('fresh');
my $work = PostgreSQL::Test::Utils::tempdir;

# Debian's extension_destdir (test/dev-suite, the sanitizer run) puts the
# extension under a prefix of its own.
my $destdir = query($chain_node, 'postgres', "SELECT current_setting('extension_destdir', true)");
my $pg_config = $ENV{PG_CONFIG} || 'pg_config';
chomp(my $sharedir = `$pg_config --sharedir`);
$sharedir = "$destdir$sharedir/extension";

# ---- the versions ----
my $default = query($chain_node, 'postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = '$ext'");
ok($default ne '', "extension $ext is installed in $sharedir");
my ($makefile_version) = slurp_file('Makefile') =~ /^EXTVERSION *= *(\S+)/m;
my ($control_version) = slurp_file("$ext.control") =~ /^default_version *= *'([^']*)'/m;
note "default version: installed $default, $ext.control $control_version, Makefile EXTVERSION $makefile_version";
ok($default eq $control_version && $default eq $makefile_version,
	'the default version is the same in the control file, the Makefile and the installation');

# Every upgrade script in sql/ (and the one of the version in development,
# built at the top) must be installed, unchanged, and start with the guard
# that stops it being run by psql.
for my $f (glob("sql/$ext--*--*.sql"), glob("$ext--*--*.sql"))
{
	my $installed = "$sharedir/" . basename($f);
	ok(-e $installed && slurp_file($f) eq slurp_file($installed), "$f is installed as $installed");
	like(slurp_file($f), qr/^\\echo Use "ALTER EXTENSION $ext UPDATE/m, "$f has the \\echo ... \\quit guard");
}

# Versions named by the installed upgrade scripts, oldest first.
sub vcmp
{
	my @a = split /\./, $_[0];
	my @b = split /\./, $_[1];
	while (@a || @b)
	{
		my $c = (shift(@a) // 0) <=> (shift(@b) // 0);
		return $c if $c;
	}
	return 0;
}
my (@steps, %versions);
$versions{$default} = 1;
for my $f (glob("$sharedir/$ext--*--*.sql"))
{
	my $name = basename($f, '.sql');
	note "warning: $f is installed but not in sql/ (left from another build?)"
	  unless -e 'sql/' . basename($f) || -e basename($f);
	$name =~ s/^\Q$ext\E--//;
	my ($from, $to) = split /--/, $name, 2;
	push @steps, [ $from, $to ];
	$versions{$from} = $versions{$to} = 1;
}
my @versions = sort { vcmp($a, $b) } keys %versions;
my $oldest = $versions[0];
note 'versions (from ' . scalar(@steps) . " installed upgrade scripts): @versions";

# The chain: from the oldest, step to the nearest later version that has a
# script from the current one (downgrade scripts, if any, are not steps).
my @chain = ($oldest);
my $cur = $oldest;
while ($cur ne $default)
{
	my $next;
	for my $s (@steps)
	{
		$next = $s->[1]
		  if $s->[0] eq $cur && vcmp($s->[1], $cur) > 0 && (!defined $next || vcmp($s->[1], $next) < 0);
	}
	BAIL_OUT("no upgrade script from $cur towards $default") unless defined $next;
	BAIL_OUT("the chain from $oldest passes the default version $default") if vcmp($next, $default) > 0;
	push @chain, $next;
	$cur = $next;
}
note "chain: @chain";
if (@chain > 1)
{
	my $path = query($chain_node, 'postgres',
		"SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$oldest' AND target = '$default'");
	note "PostgreSQL's update path from $oldest to $default: $path";
	ok($path ne '', "PostgreSQL finds an update path from $oldest to $default");
}

# ---- install the oldest version and store summaries with it ----
query($chain_node, 'postgres', 'CREATE DATABASE chain');
query($chain_node, 'chain', "CREATE EXTENSION $ext VERSION '$oldest'");
pass("created $ext $oldest (its install script $ext--$oldest.sql is shipped and installed)");
query($chain_node, 'chain', <<'SQL');
SET client_min_messages = warning;
\i test/data/sample_offences.sql
CREATE TABLE monthly (force text, month date, s offence_summary NOT NULL);
INSERT INTO monthly
SELECT force, date_trunc('month', recorded)::date, offence_summary_agg(recorded, platforms, victim_age)
FROM sample_offences GROUP BY 1, 2;
INSERT INTO monthly
SELECT 'edge', NULL, offence_summary_agg(d, p, a)
FROM (VALUES ('4713-01-01 BC'::date, ARRAY['Say "hi"', E'back\\slash', 'Éire'], 0),
             ('5874897-12-31', ARRAY[E'new\nline', 'co,mma'], 150),
             (NULL, NULL, NULL)) v(d, p, a);
INSERT INTO monthly SELECT 'empty', NULL, offence_summary_agg(NULL::date, NULL::text[], NULL::int) FROM sample_offences WHERE false;
-- Objects of the user's that depend on the extension's: an upgrade must
-- keep them working.
CREATE INDEX monthly_s_hash ON monthly USING hash (s);
CREATE VIEW national AS SELECT rollup(s) AS s, offences(rollup(s)) AS offences FROM monthly;
SQL
my $stored_sql = 'SELECT force, month, s FROM monthly ORDER BY force, month, s::text';
my $stored = query($chain_node, 'chain', $stored_sql);
query($chain_node, 'chain', qq{\\copy (SELECT force, month, s FROM monthly) TO '$work/stored.bin' WITH (FORMAT binary)
\\copy (SELECT force, month, s::text FROM monthly) TO '$work/stored.copy'});
my $national = query($chain_node, 'chain', 'SELECT s FROM national');
my $nstored = query($chain_node, 'chain', 'SELECT count(*) FROM monthly');
note "created $ext $oldest; stored $nstored summaries (" . length($stored) . ' bytes of text)';

# The stored summaries still read and roll up, under the version now installed.
sub check_stored
{
	my ($at) = @_;
	is(query($chain_node, 'chain', $stored_sql), $stored, "at $at: $nstored stored summaries read the same text");
	is( query($chain_node, 'chain', q{
SELECT (SELECT rollup(s) FROM monthly WHERE force NOT IN ('edge', 'empty'))
     = (SELECT offence_summary_agg(recorded, platforms, victim_age) FROM sample_offences)}),
		't', "at $at: rollup of the stored summaries = offence_summary_agg of the rows");
	is(query($chain_node, 'chain', 'SELECT s FROM national'), $national, "at $at: the view's rollup is the same text");
}
check_stored("$oldest (as created)");

# ---- the steps ----
note "no upgrade steps yet: $oldest is the only version" if @chain == 1;
for my $v (@chain[ 1 .. $#chain ])
{
	query($chain_node, 'chain', "ALTER EXTENSION $ext UPDATE TO '$v'");
	is(query($chain_node, 'chain', "SELECT extversion FROM pg_extension WHERE extname = '$ext'"),
		$v, "ALTER EXTENSION $ext UPDATE TO '$v'");
	check_stored($v);
}
# A plain UPDATE goes to the default version, or is a no-op there.
query($chain_node, 'chain', "SET client_min_messages = warning; ALTER EXTENSION $ext UPDATE");
is(query($chain_node, 'chain', "SELECT extversion FROM pg_extension WHERE extname = '$ext'"),
	$default, "ALTER EXTENSION $ext UPDATE reaches the default version $default");

# Values written by the oldest version's send and output functions, read
# into the default version: equal (=) to the stored ones.
my ($nbin, $ntext) = split /\|/, query($chain_node, 'chain', qq{
CREATE TEMP TABLE old_bin (force text, month date, s offence_summary);
\\copy old_bin FROM '$work/stored.bin' WITH (FORMAT binary)
CREATE TEMP TABLE old_text (force text, month date, t text);
\\copy old_text FROM '$work/stored.copy'
SELECT (SELECT count(*) FROM old_bin b JOIN monthly m
        ON m.force = b.force AND m.month IS NOT DISTINCT FROM b.month AND m.s = b.s),
       (SELECT count(*) FROM old_text o JOIN monthly m
        ON m.force = o.force AND m.month IS NOT DISTINCT FROM o.month AND m.s = o.t::offence_summary)});
is($nbin, $nstored, "written at $oldest, read at $default: binary COPY, every value equal");
is($ntext, $nstored, "written at $oldest, read at $default: text COPY, every value equal");

# ---- the catalog: chained install = fresh install ----
query($fresh_node, 'postgres', 'CREATE DATABASE fresh');
query($fresh_node, 'fresh', "CREATE EXTENSION $ext");

# One line per member object (newlines written as \n): its identity, tab,
# everything that defines it, tab, its comment.
my $fingerprint_sql = <<'SQL';
WITH m AS (
  SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'groomstats'
)
SELECT replace(pg_describe_object(m.classid, m.objid, m.objsubid) || E'\t' || coalesce(
  CASE m.classid
    WHEN 'pg_proc'::regclass THEN (
      SELECT CASE WHEN p.prokind = 'a' THEN
               format('aggregate %s; kind %s; trans %s %s; final %s %s; combine %s; serial %s; deserial %s; '
                      'transspace %s; mtrans %s; minv %s; mfinal %s; sortop %s; init %s; parallel %s; returns %s',
                      a.aggfnoid::regprocedure, a.aggkind, a.aggtransfn::regprocedure, a.aggtranstype::regtype,
                      a.aggfinalfn, a.aggfinalmodify, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggtransspace,
                      a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn, a.aggsortop, a.agginitval,
                      p.proparallel, p.prorettype::regtype)
             ELSE pg_get_functiondef(p.oid) || format(' [acl %s]', p.proacl) END
      FROM pg_proc p LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE p.oid = m.objid)
    WHEN 'pg_type'::regclass THEN (
      SELECT format('len %s byval %s type %s cat %s in %s out %s recv %s send %s mod %s %s analyze %s '
                    'subscript %s align %s storage %s elem %s array %s',
                    typlen, typbyval, typtype, typcategory, typinput, typoutput, typreceive, typsend,
                    typmodin, typmodout, typanalyze, typsubscript, typalign, typstorage,
                    typelem::regtype, typarray::regtype)
      FROM pg_type WHERE oid = m.objid)
    WHEN 'pg_operator'::regclass THEN (
      SELECT format('code %s com %s neg %s rest %s join %s merges %s hashes %s',
                    oprcode::regprocedure, oprcom::regoperator, oprnegate::regoperator,
                    oprrest, oprjoin, oprcanmerge, oprcanhash)
      FROM pg_operator WHERE oid = m.objid)
    WHEN 'pg_opclass'::regclass THEN (
      SELECT format('default %s family %s; ops %s; procs %s', c.opcdefault,
                    (SELECT pg_describe_object('pg_opfamily'::regclass, c.opcfamily, 0)),
                    (SELECT string_agg(format('%s %s', amopstrategy, amopopr::regoperator), ', ' ORDER BY amopstrategy)
                     FROM pg_amop WHERE amopfamily = c.opcfamily),
                    (SELECT string_agg(format('%s %s', amprocnum, amproc::regprocedure), ', ' ORDER BY amprocnum)
                     FROM pg_amproc WHERE amprocfamily = c.opcfamily))
      FROM pg_opclass c WHERE c.oid = m.objid)
    WHEN 'pg_cast'::regclass THEN (
      SELECT format('func %s context %s method %s', castfunc::regprocedure, castcontext, castmethod)
      FROM pg_cast WHERE oid = m.objid)
  END, '')
  || E'\tcomment: ' || coalesce(
       (SELECT description FROM pg_description
        WHERE classoid = m.classid AND objoid = m.objid AND objsubid = m.objsubid), '(none)'),
  E'\n', '\n')
FROM m
UNION ALL
SELECT 'extension' || E'\t' || format('version %s relocatable %s schema %s config %s',
       extversion, extrelocatable, extnamespace::regnamespace, extconfig)
FROM pg_extension WHERE extname = 'groomstats'
ORDER BY 1;
SQL
my $fresh = query($fresh_node, 'fresh', $fingerprint_sql);
my $chained = query($chain_node, 'chain', $fingerprint_sql);
my @members = grep { !/^extension\t/ } split /\n/, $fresh;
my %kinds;
for (@members)
{
	my ($kind) = /^(operator (?:class|family)|[a-z]+) /;
	$kinds{$kind}++;
}
my $naggs = grep { /\taggregate / } @members;
note "catalog of a fresh CREATE EXTENSION $ext ($default): " . scalar(@members) . ' member objects ('
  . join(', ', map { "$kinds{$_} $_" } sort keys %kinds) . "; $naggs of the functions are aggregates)";
if (!is($chained, $fresh,
	"the catalog after the chain (@chain) equals a fresh install of $default: every member, its definition and comment"))
{
	my %f = map { $_ => 1 } split /\n/, $fresh;
	my %c = map { $_ => 1 } split /\n/, $chained;
	diag "only in the fresh install: $_" for grep { !$c{$_} } sort keys %f;
	diag "only after the chain: $_" for grep { !$f{$_} } sort keys %c;
}

# Negative control: the comparison sees a changed and a missing member
# (made in a transaction that is rolled back).
my $altered = query($chain_node, 'chain', <<"SQL");
BEGIN;
ALTER FUNCTION offences(offence_summary) PARALLEL RESTRICTED;
ALTER EXTENSION $ext DROP OPERATOR <> (offence_summary, offence_summary);
$fingerprint_sql
ROLLBACK;
SQL
my %f = map { $_ => 1 } split /\n/, $fresh;
my %a = map { $_ => 1 } split /\n/, $altered;
my $changed = grep({ !$a{$_} } keys %f) + grep({ !$f{$_} } keys %a);
ok($changed >= 2, "negative control (one function altered, one operator left out): $changed differing lines seen");
is(query($chain_node, 'chain', $fingerprint_sql), $chained, 'the negative control was rolled back');

done_testing();
