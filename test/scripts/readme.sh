#!/bin/bash
# The README runs as written: every ```sql block of README.md, in order, by
# psql from the repository's root, in one fresh database and one session,
# stopping at the first error.  A block whose fence is preceded by the line
# `<!-- not run: reason -->` (blank lines between allowed) is skipped and
# counted; those blocks need something the test cluster lacks (pg_cron in its
# own database, Citus, another server) and are tested elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib.sh
db=groomstats_readme
readme=${README:-README.md}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One psql script: each block after an \echo naming its first line in the
# README, so that the output says which block failed.
perl -e '
	my ($readme, $out) = @ARGV;
	open my $in, "<", $readme or die "$readme: $!";
	open my $o, ">", $out or die "$out: $!";
	my ($in_block, $skip, $reason, $start, $ran, $skipped, $last) = (0, 0, "", 0, 0, 0, "");
	while (my $line = <$in>) {
		if (!$in_block && $line =~ /^```sql\s*$/) {
			($in_block, $start) = (1, $.);
			$skip = $last =~ /^<!--\s*not run:\s*(.*?)\s*-->\s*$/ ? 1 : 0;
			$reason = $1 // "";
			if ($skip) { $skipped++; print "skipped: block at line $start ($reason)\n"; }
			else { $ran++; print $o "\\echo \x27=== README.md block at line $start\x27\n"; }
			next;
		}
		if ($in_block && $line =~ /^```\s*$/) { $in_block = 0; $last = ""; next; }
		if ($in_block) { print $o $line unless $skip; next; }
		$last = $line if $line =~ /\S/;
	}
	die "$readme: a ```sql block is not closed (from line $start)\n" if $in_block;
	print $o "\\echo \x27=== README.md: end\x27\n";
	open my $n, ">", "$out.counts" or die; print $n "$ran $skipped\n";
' "$readme" "$work/readme.sql"
read -r ran skipped <"$work/readme.sql.counts"
[ "$ran" -gt 0 ] || fail "no sql block found in $readme"

recreate_db "$db"
if ! q -d $db -f "$work/readme.sql" >"$work/out" 2>&1; then
	tail -30 "$work/out"
	block=$(grep '^=== README.md block at line' "$work/out" | tail -1)
	fail "$readme does not run as written: the error above is in the ${block#=== README.md }"
fi
grep -q '^=== README.md: end$' "$work/out" || fail "$readme: psql stopped early"
drop_db "$db"
echo "$readme: $ran sql blocks ran without error, $skipped skipped (marked not run)"
