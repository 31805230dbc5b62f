-- groomstats 1.0 to 1.1.  Assembled from sql/upgrade/1.0--1.1/*.sql at build
-- time, one file per concern, in name order: each change to the install
-- parts (sql/install/) that 1.0 did not have appears here too, and
-- test/scripts/upgrade_chain.sh checks that an updated database's catalog
-- equals a fresh install's.

\echo Use "ALTER EXTENSION groomstats UPDATE TO '1.1'" to load this file. \quit
