# Shared by the TAP tests in test/t/ (run by test/t/prove.sh): nodes that
# load the groomstats build under test, and a few helpers.
#
# Each node is its own cluster (PostgreSQL::Test::Cluster).  The build under
# test reaches every node through TEMP_CONFIG, which PostgreSQL::Test::Cluster
# appends to each node's postgresql.conf at init: test/t/prove.sh writes
# there the extension_destdir of the suite's own cluster (test/dev-suite, the
# sanitizer run), or nothing for the system's installation (make test).  The
# environment the suite's server runs with (the sanitizer run preloads
# libasan) is in GROOMSTATS_SERVER_ENV_FILE, a pg_ctlcluster `environment`
# file; every node starts with it too.
package GroomstatsTest;

use strict;
use warnings;

use Exporter 'import';
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

our @EXPORT = qw(groomstats_node start_node restart_node query rows_of);

# KEY = 'value' lines of a pg_ctlcluster environment file.
sub _server_env
{
	my $file = $ENV{GROOMSTATS_SERVER_ENV_FILE};
	return () unless $file && -r $file;
	my %env;
	for my $line (split /\n/, slurp_file($file))
	{
		next unless $line =~ /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*'?(.*?)'?\s*$/;
		$env{$1} = $2;
	}
	return %env;
}

sub start_node
{
	my ($node) = @_;
	local %ENV = (%ENV, _server_env());
	$node->start;
	return $node;
}

sub restart_node
{
	my ($node) = @_;
	local %ENV = (%ENV, _server_env());
	$node->restart;
	return $node;
}

# A new node, initialised, with `conf` lines appended, started.  `tcp`:
# also listen on 127.0.0.1 (Citus connects to its workers by host name).
sub groomstats_node
{
	my ($name, %opts) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', "listen_addresses = '127.0.0.1'")
	  if $opts{tcp};
	$node->append_conf('postgresql.conf', $_) for @{ $opts{conf} || [] };
	return start_node($node);
}

# psql on a node, stopping at the first error; the output (-At) without the
# trailing newline.
sub query
{
	my ($node, $db, $sql) = @_;
	my $out = $node->safe_psql($db, $sql);
	chomp $out;
	return $out;
}

# The output split into rows of fields (psql -At, fields separated by |).
sub rows_of
{
	my ($out) = @_;
	return map { [ split /\|/, $_, -1 ] } grep { $_ ne '' } split /\n/, $out;
}

1;
